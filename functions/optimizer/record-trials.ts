import type { MiproState, RunStore, TrialRecord } from "@judgeloop/core";

/** The optimizer's trials as the run store keeps them (what GET /runs/{id}/trials lists). */
export const trialStage = "optimize";
/** Full valset evaluations (the baseline's and the scheduled ones), kept apart from trials. */
export const fullEvaluationStage = "optimize-full";

/**
 * Records the evaluations that finished between `before` and `state` as trials, once:
 * appendTrial keeps the first record of a (stage, index), so a step that runs again adds nothing.
 *
 * @example
 * await recordTrials(runStore, after, before); // after each Observe
 */
export async function recordTrials(runStore: RunStore, state: MiproState, before?: MiproState): Promise<number> {
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
      stage: full ? fullEvaluationStage : trialStage,
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
    if ((await runStore.appendTrial(state.runId, trial)).stored) stored++;
  }
  return stored;
}
