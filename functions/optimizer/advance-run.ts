import { JudgeloopError, type MiproJobResult, type RunPatch } from "@judgeloop/core";
import type { Cursor } from "./cursor.ts";
import type { OptimizerDeps } from "./deps.ts";
import { type AdvanceStep, kindOfState, type OptimizerState } from "./optimizer-kind.ts";
import { type OptimizeSpec, specOfRun } from "./run-spec.ts";
import { loadState, saveState } from "./state-store.ts";

/**
 * One optimizer step on AWS (MIPRO's or GEPA's, as the stored state says): loads the state the
 * cursor points at, checks that `task` is the Task that takes it, feeds it the stored results
 * of the jobs it waits for, and stores the next state under the next step number. A job
 * without a result yet (none should be missing once its round's token came) is simply asked
 * for again by the next round. The run (and its pipeline stage, if any) shows the progress and
 * what the step recorded.
 *
 * @example
 * const { cursor } = await advanceRun(deps, cursor, "observe");
 */
export async function advanceRun(
  deps: OptimizerDeps,
  cursor: Cursor,
  task: AdvanceStep,
): Promise<{ cursor: Cursor; before: OptimizerState; after: OptimizerState; parent?: PipelineParent }> {
  const before = await loadState(deps.artifacts, cursor.stateKey);
  const kind = kindOfState(before);
  const expected = kind.nextStep(before);
  if (expected !== task) {
    throw new JudgeloopError(
      "wrong_step",
      `step ${cursor.step} of run ${cursor.runId} (${kind.name}, phase ${before.phase}) goes to ${expected}, not ${task}`,
    );
  }
  const results = await storedResults(deps, before);
  const after = kind.step(before, results);
  const next = await saveState(deps.artifacts, cursor.runId, cursor.step + 1, after);
  const patch = progressPatch(after, deps.now().toISOString());
  await deps.runStore.updateRun(cursor.runId, patch);
  const parent = await mirrorOnPipeline(deps, cursor.runId, patch);
  await kind.recordProgress(deps.runStore, { runId: cursor.runId, stage: "optimize" }, after, before);
  if (parent) await kind.recordProgress(deps.runStore, parent, after, before);
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

async function storedResults(deps: OptimizerDeps, state: OptimizerState): Promise<MiproJobResult[]> {
  const pending: readonly { id: string }[] = state.pending;
  const waiting = pending.filter((spec) => !(spec.id in state.inbox)).map((spec) => spec.id);
  if (waiting.length === 0) return [];
  const stored = await deps.runStore.getResults(state.runId, waiting);
  return waiting.flatMap((jobId) => {
    const result = stored.get(jobId);
    return result === undefined ? [] : [result as MiproJobResult];
  });
}

/** How far the optimizer is (trials, or GEPA's metric calls) and the spend so far, for GET /runs/{id}. */
function progressPatch(state: OptimizerState, now: string): RunPatch {
  return {
    updatedAt: now,
    progress: kindOfState(state).progress(state),
    spend: { spentUsd: state.spend.costUsd ?? 0, calls: state.spend.calls },
  };
}
