import { JudgeloopError } from "../errors.ts";
import { addUsage } from "../lm/types.ts";
import { Random } from "../util/random.ts";
import { bootstrapJobs, finishBootstrap, recordTrace, startBootstrap } from "./bootstrap.ts";
import { expandJobs } from "./expand-jobs.ts";
import { finalizeMipro, finishConfirm, startConfirm } from "./finalize.ts";
import type { MiproJob, MiproJobResult, MiproJobSpec } from "./mipro-jobs.ts";
import { type MiproState, type MiproStoppedReason, miproStateFormat } from "./mipro-state.ts";
import { observeRound } from "./observe.ts";
import { collectProposals, startProposals } from "./propose.ts";
import { startRound } from "./suggest.ts";

export interface MiproStepResult {
  state: MiproState;
  /** Jobs to run before the next step; none once `state.phase` is "done". */
  jobs: MiproJob[];
}

type Results = ReadonlyMap<string, MiproJobResult>;
type Stop = { reason: MiproStoppedReason; message: string };

/**
 * One step of the MIPRO step machine: `plan → bootstrap → propose → (suggest → evaluate →
 * observe)* → confirm → finalize`. Pure: no LM call, no I/O, randomness only from the generator saved in
 * the state, and the input state is never modified. Results for jobs the state does not wait
 * for, or that it already has, are ignored, so redelivered results never count twice; until
 * every pending job has a result, the step returns the jobs still missing.
 *
 * @example
 * let { state, jobs } = miproStep(planMipro({ program, trainset }), []);
 * while (state.phase !== "done") ({ state, jobs } = miproStep(state, await runAll(jobs)));
 */
export function miproStep(state: MiproState, results: readonly MiproJobResult[] = []): MiproStepResult {
  checkState(state);
  const draft = structuredClone(state);
  if (draft.phase === "done") return { state: draft, jobs: [] };
  absorb(draft, results);
  const missing = draft.pending.filter((spec) => !(spec.id in draft.inbox));
  if (missing.length > 0) return { state: draft, jobs: expandJobs(draft, missing) };
  const specs = draft.pending;
  const received: Results = new Map(Object.entries(draft.inbox));
  draft.pending = [];
  draft.inbox = {};
  const rng = Random.fromState(draft.rng);
  advance(draft, specs, received, rng, stopOf(specs, received));
  draft.rng = rng.state();
  return { state: draft, jobs: expandJobs(draft, draft.pending) };
}

function advance(state: MiproState, specs: readonly MiproJobSpec[], results: Results, rng: Random, stop?: Stop): void {
  if (state.phase === "plan") {
    state.phase = "bootstrap";
    state.pending = startBootstrap(state, rng);
  } else if (state.phase === "bootstrap") {
    recordBootstrap(state, specs, results);
    if (stop) finalizeMipro(state, stop);
    else afterBootstrapRound(state, rng);
  } else if (state.phase === "propose") {
    collectProposals(state, specs, results);
    if (stop) finalizeMipro(state, stop);
    else startSearch(state, rng);
  } else if (state.phase === "search") {
    observeRound(state, specs, results);
    if (stop) finalizeMipro(state, stop);
    else startSearch(state, rng);
  } else if (state.phase === "confirm") {
    finishConfirm(state, specs, results, stop);
  }
}

/** More traces while some demo set still needs them; then demo sets, then proposals. */
function afterBootstrapRound(state: MiproState, rng: Random): void {
  state.pending = bootstrapJobs(state);
  if (state.pending.length > 0) return;
  finishBootstrap(state);
  state.phase = "propose";
  state.pending = startProposals(state, rng);
  if (state.pending.length === 0) startSearch(state, rng);
}

/**
 * The next search round; when no round is left, the confirmation of the pick on the split
 * selection never saw, or the end of the run when there is none.
 */
function startSearch(state: MiproState, rng: Random): void {
  state.phase = "search";
  state.pending = startRound(state, rng);
  if (state.pending.length > 0) return;
  state.phase = "confirm";
  state.pending = startConfirm(state);
  if (state.pending.length === 0) finalizeMipro(state);
}

function recordBootstrap(state: MiproState, specs: readonly MiproJobSpec[], results: Results): void {
  for (const spec of specs) {
    const result = results.get(spec.id);
    if (!result) continue;
    if (spec.kind === "summarize" && result.kind === "summarize") {
      state.summary = result.status === "ok" ? result.text : null;
    } else if (spec.kind === "trace" && result.kind === "trace") {
      recordTrace(state, `${spec.exampleIndex}:${spec.round}`, {
        status: result.status,
        score: result.status === "scored" ? result.score : null,
        ...(result.errorKind !== undefined && { errorKind: result.errorKind }),
        steps: result.steps ?? null,
      });
    }
  }
}

/** Files results of pending jobs (first delivery only) and adds their usage to the run's spend. */
function absorb(state: MiproState, results: readonly MiproJobResult[]): void {
  const pending = new Set(state.pending.map((spec) => spec.id));
  for (const result of results) {
    if (!pending.has(result.jobId) || result.jobId in state.inbox) continue;
    state.inbox[result.jobId] = structuredClone(result);
    state.spend.calls += result.calls;
    state.spend.usage = addUsage(state.spend.usage, result.usage);
    state.spend.costUsd =
      state.spend.costUsd === null || result.costUsd === null ? null : state.spend.costUsd + result.costUsd;
  }
}

/** A budget refusal or a cancellation among the results stops the run after this step. */
function stopOf(specs: readonly MiproJobSpec[], results: Results): Stop | undefined {
  for (const spec of specs) {
    const result = results.get(spec.id);
    if (result?.status !== "not_run") continue;
    if (result.errorKind === "budget_exceeded") {
      return { reason: "budget_exceeded", message: result.errorMessage ?? "the run's budget is spent" };
    }
    if (result.errorKind === "cancelled") return { reason: "cancelled", message: "the run was cancelled" };
  }
  return undefined;
}

function checkState(state: MiproState): void {
  if (state?.format !== miproStateFormat) {
    throw new JudgeloopError("bad_optimizer_state", `optimizer state format must be "${miproStateFormat}"`);
  }
}
