import {
  type ArtifactStore,
  contentHash,
  datasetKeys,
  JudgeloopError,
  type RunRecord,
  type RunStore,
  type StageName,
} from "@judgeloop/core";
import { ApiError } from "./api-error.ts";
import type { ApiLimits } from "./body-guard.ts";
import type { RunAdmission } from "./run-admission.ts";
import type { ApiRunConfig, RunBudget, RunEstimate, RunService } from "./run-service.ts";

/** The job id under which a run keeps the fingerprint of the request that created it. */
export const idempotencyRecordId = "api.idempotency";

export interface StartRunDeps {
  runStore: RunStore;
  artifacts: ArtifactStore;
  runs: RunService;
  admission: RunAdmission;
  limits: ApiLimits;
}

export interface StartRunRequest {
  idempotencyKey: string;
  config: ApiRunConfig;
  budget: RunBudget;
  /** The run ends after this stage (POST /v1/synthesize); default: every stage. */
  endAfter?: StageName;
}

/**
 * The run an Idempotency-Key names: `run-` and 32 hex digits of its hash. Deriving the id from
 * the key (instead of keeping a key → id table) makes the RunStore's conditional writes enough
 * for exactly-once starts, on one process or many Lambdas.
 *
 * @example
 * runIdForKey("nightly-2025-06-01"); // "run-9b1c…"
 */
export function runIdForKey(idempotencyKey: string): string {
  return `run-${contentHash({ idempotencyKey }).slice(0, 32)}`;
}

/**
 * Starts a run once per Idempotency-Key. The same key with the same body returns the same run
 * (even after a crash between recording the request and starting the run: starting again is a
 * no-op for a started run); the same key with another body is a 409. A new run is refused,
 * with nothing stored, when its dataset is missing, its cap is above the server's ceiling, its
 * estimate exceeds its own cap, or too many runs are active (checked last, by the admission,
 * so a run refused for another reason holds no slot).
 *
 * @example
 * const { run, created } = await startRunOnce(deps, { idempotencyKey, config, budget });
 */
export async function startRunOnce(
  deps: StartRunDeps,
  request: StartRunRequest,
): Promise<{ run: RunRecord; created: boolean }> {
  const runId = runIdForKey(request.idempotencyKey);
  const fingerprint = contentHash({
    config: request.config,
    budget: request.budget,
    ...(request.endAfter !== undefined && { endAfter: request.endAfter }),
  });
  const earlier = await recordedFingerprint(deps.runStore, runId);
  let created = false;
  if (earlier === undefined) {
    await admitNewRun(deps, runId, request);
    ({ stored: created } = await deps.runStore.putResultOnce(runId, idempotencyRecordId, { fingerprint }));
    // Another request with this key won the race: it must have had the same body.
    if (!created) checkSameRequest(await recordedFingerprint(deps.runStore, runId), fingerprint);
  } else {
    checkSameRequest(earlier, fingerprint);
  }
  const endAfter = request.endAfter !== undefined ? { endAfter: request.endAfter } : {};
  await deps.runs.start({ runId, config: request.config, budget: request.budget, ...endAfter });
  const run = await deps.runStore.getRun(runId);
  if (run === null) throw new JudgeloopError("run_service_broken", `the run service did not create run ${runId}`);
  return { run, created };
}

async function recordedFingerprint(runStore: RunStore, runId: string): Promise<string | undefined> {
  const record = (await runStore.getResults(runId, [idempotencyRecordId])).get(idempotencyRecordId);
  const fingerprint = (record as { fingerprint?: unknown } | undefined)?.fingerprint;
  return typeof fingerprint === "string" ? fingerprint : undefined;
}

function checkSameRequest(recorded: string | undefined, fingerprint: string): void {
  if (recorded !== fingerprint) {
    const message = "this Idempotency-Key was already used with a different request body";
    throw new ApiError(409, "idempotency_conflict", message, "Idempotency-Key");
  }
}

/** The checks a new run must pass before anything is stored. */
async function admitNewRun(deps: StartRunDeps, runId: string, request: StartRunRequest): Promise<void> {
  const { budget, config } = request;
  if (budget.capUsd > deps.limits.maxRunCapUsd) {
    const message = `a run may commit at most $${deps.limits.maxRunCapUsd} on this server`;
    throw new ApiError(422, "cap_above_limit", message, "budget.capUsd");
  }
  if (!(await deps.artifacts.exists(datasetKeys(config.data.dataset).manifest))) {
    const message = `no dataset ${config.data.dataset}; upload it with POST /v1/datasets first`;
    throw new ApiError(422, "dataset_not_found", message, "config.data.dataset");
  }
  await checkEstimate(deps.runs, config, budget, request.endAfter);
  const { maxActiveRuns } = deps.limits;
  const { admitted, active } = await deps.admission.admit(runId, maxActiveRuns);
  if (!admitted) {
    throw new ApiError(429, "too_many_active_runs", `${active} runs are active; at most ${maxActiveRuns} at once`);
  }
}

/**
 * A run whose upper bound is above its cap is bad input (400) naming the bound, every stage's
 * share and the cap, so the caller can lower the sizes, raise the cap or ask for `fitBudget`.
 */
async function checkEstimate(
  runs: RunService,
  config: ApiRunConfig,
  budget: RunBudget,
  endAfter: StageName | undefined,
): Promise<void> {
  const estimate = await runs.estimate(config, budget, endAfter === undefined ? {} : { endAfter });
  if (estimate.costUsd === null) {
    const models = estimate.unpricedModels?.join(", ") || "a model";
    const message = `cannot check the run against its cap: ${models} has no known price`;
    throw new ApiError(422, "unknown_price", message, "config.models");
  }
  const details = { estimate: estimateDetails(estimate), capUsd: budget.capUsd, maxCalls: budget.maxCalls ?? null };
  const advice = budget.fitBudget
    ? "; even the smallest optimizer sizes do not fit"
    : "; lower the sizes, raise the cap, or set budget.fitBudget";
  if (estimate.costUsd > budget.capUsd) {
    const message = `the run is estimated at up to $${roundUp(estimate.costUsd)} (${estimate.calls} calls${stagesOf(estimate)}), above its cap of $${budget.capUsd}${advice}`;
    throw new ApiError(400, "estimate_exceeds_cap", message, "budget.capUsd", details);
  }
  if (budget.maxCalls !== undefined && estimate.calls > budget.maxCalls) {
    const message = `the run is estimated at up to ${estimate.calls} calls, above its limit of ${budget.maxCalls}${advice}`;
    throw new ApiError(400, "estimate_exceeds_cap", message, "budget.maxCalls", details);
  }
}

function estimateDetails(estimate: RunEstimate) {
  return { calls: estimate.calls, costUsd: estimate.costUsd, stages: estimate.stages ?? [] };
}

function stagesOf(estimate: RunEstimate): string {
  const shares = (estimate.stages ?? []).map(
    (s) => `${s.stage} ${s.costUsd === null ? "price unknown" : `$${roundUp(s.costUsd)}`}`,
  );
  return shares.length === 0 ? "" : `: ${shares.join(", ")}`;
}

function roundUp(usd: number): string {
  return (Math.ceil(usd * 10_000) / 10_000).toFixed(4);
}
