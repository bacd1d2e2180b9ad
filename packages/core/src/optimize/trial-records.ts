import type { RunStore, TrialRecord } from "../ports/run-store.ts";
import type { MiproState } from "./mipro-state.ts";

/**
 * Where an optimization's trials are recorded: the run (an optimize run's own id, or the
 * pipeline run whose stage it is) and the stage they are listed under. Full valset evaluations
 * (the baseline's and the scheduled ones) go under `<stage>-full`, apart from the trials.
 */
export interface TrialTarget {
  runId: string;
  stage: string;
}

/**
 * Records the evaluations that finished between `before` and `state` as trials, once:
 * appendTrial keeps the first record of a (stage, index), so a step that runs again adds nothing.
 * These are what GET /v1/runs/{id}/trials lists.
 *
 * @example
 * await recordTrials(runStore, { runId: "run-1", stage: "judge-optimize" }, after, before); // after each step
 */
export async function recordTrials(
  runStore: RunStore,
  target: TrialTarget,
  state: MiproState,
  before?: MiproState,
): Promise<number> {
  const finishedBefore = new Set(
    (before?.search.evaluations ?? []).filter((e) => e.status !== "running").map((e) => e.id),
  );
  let stored = 0;
  for (const evaluation of state.search.evaluations) {
    if (evaluation.status === "running" || finishedBefore.has(evaluation.id)) continue;
    const full = evaluation.trial === null;
    const index = full ? Number(evaluation.id.replace(/^full-/, "")) : (evaluation.trial ?? 1) - 1;
    if (!Number.isSafeInteger(index) || index < 0) continue;
    const trial: TrialRecord = {
      stage: full ? `${target.stage}-full` : target.stage,
      index,
      score: evaluation.score,
      candidate: evaluation.params,
      detail: {
        evaluation: evaluation.id,
        kind: evaluation.kind,
        status: evaluation.status,
        examples: evaluation.examples.length,
        scored: evaluation.scored,
        errors: evaluation.errors,
        ...(evaluation.note !== undefined && { note: evaluation.note }),
      },
    };
    if ((await runStore.appendTrial(target.runId, trial)).stored) stored++;
  }
  return stored;
}
