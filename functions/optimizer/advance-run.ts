import {
  JudgeloopError,
  type MiproJobResult,
  type MiproPhase,
  type MiproState,
  miproStep,
  progressOf,
  type RunPatch,
} from "@judgeloop/core";
import type { Cursor } from "./cursor.ts";
import type { OptimizerDeps } from "./deps.ts";
import { type OptimizeSpec, specOfRun } from "./run-spec.ts";
import { loadState, saveState } from "./state-store.ts";

/**
 * One MIPRO step on AWS: loads the state the cursor points at, checks it is in one of the
 * `phases` this step takes, feeds it the stored results of the jobs it waits for, and stores
 * the next state under the next step number. A job without a result yet (none should be
 * missing once its round's token came) is simply asked for again by the next round.
 *
 * @example
 * const { cursor, before, after } = await advanceRun(deps, cursor, ["search"]);
 */
export async function advanceRun(
  deps: OptimizerDeps,
  cursor: Cursor,
  phases: readonly MiproPhase[],
): Promise<{ cursor: Cursor; before: MiproState; after: MiproState; parent?: PipelineParent }> {
  const before = await loadState(deps.artifacts, cursor.stateKey);
  if (!phases.includes(before.phase)) {
    throw new JudgeloopError(
      "wrong_step",
      `step ${cursor.step} of run ${cursor.runId} is in phase ${before.phase}; this step takes ${phases.join(" or ")}`,
    );
  }
  const results = await storedResults(deps, before);
  const { state: after } = miproStep(before, results);
  const next = await saveState(deps.artifacts, cursor.runId, cursor.step + 1, after);
  const patch = progressPatch(after, deps.now().toISOString());
  await deps.runStore.updateRun(cursor.runId, patch);
  const parent = await mirrorOnPipeline(deps, cursor.runId, patch);
  return { cursor: next, before, after, ...(parent && { parent }) };
}

/** The pipeline run and stage an optimize run works for (its spec's `parent`). */
type PipelineParent = NonNullable<OptimizeSpec["parent"]>;

/**
 * A pipeline's optimization also shows its trial progress on the pipeline run's stage; returns
 * that pipeline run and stage, if the run has one.
 */
async function mirrorOnPipeline(
  deps: OptimizerDeps,
  runId: string,
  patch: RunPatch,
): Promise<PipelineParent | undefined> {
  const run = await deps.runStore.getRun(runId);
  const parent = run === null ? undefined : specOfRun(run).parent;
  if (!parent || !patch.progress) return parent;
  const stage = (await deps.runStore.getRun(parent.runId))?.stages[parent.stage];
  if (stage?.status === "running") {
    await deps.runStore.updateRun(parent.runId, {
      updatedAt: patch.updatedAt,
      stages: { [parent.stage]: { ...stage, progress: patch.progress } },
    });
  }
  return parent;
}

async function storedResults(deps: OptimizerDeps, state: MiproState): Promise<MiproJobResult[]> {
  const waiting = state.pending.filter((spec) => !(spec.id in state.inbox)).map((spec) => spec.id);
  if (waiting.length === 0) return [];
  const stored = await deps.runStore.getResults(state.runId, waiting);
  return waiting.flatMap((jobId) => {
    const result = stored.get(jobId);
    return result === undefined ? [] : [result as MiproJobResult];
  });
}

/** Trials done of planned, and the spend so far, for GET /runs/{id}. */
function progressPatch(state: MiproState, now: string): RunPatch {
  const progress = progressOf(state, 0, 0);
  return {
    updatedAt: now,
    progress: { done: progress.trial, total: progress.trials, unit: "trials" },
    spend: { spentUsd: state.spend.costUsd ?? 0, calls: state.spend.calls },
  };
}
