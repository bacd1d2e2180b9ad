import { baselineParams, programForParams } from "./candidates.ts";
import { selectionScore } from "./failure-score.ts";
import { jobId, type MiproJobResult, type MiproJobSpec } from "./mipro-jobs.ts";
import type { Evaluation, MiproOutcome, MiproState, MiproStoppedReason, Params } from "./mipro-state.ts";
import { baselineEvaluation, emptyEvaluation, tallyEvaluation } from "./observe.ts";
import { choiceKey } from "./tpe.ts";

type Stop = { reason: MiproStoppedReason; message: string };

/**
 * The run's pick: the full evaluation with the best valset score (the baseline wins ties and is
 * kept when nothing else was fully evaluated).
 *
 * @example
 * bestFullEvaluation(state)?.params; // { "judge.instruction": 2, "judge.demos": 3 }
 */
export function bestFullEvaluation(state: MiproState): Evaluation | undefined {
  const baseline = baselineEvaluation(state);
  let best: Evaluation | undefined = baseline?.status === "observed" ? baseline : undefined;
  for (const evaluation of state.search.evaluations) {
    if (evaluation.kind !== "full" || evaluation.status !== "observed" || evaluation.score === null) continue;
    if (!best || best.score === null || evaluation.score > best.score) best = evaluation;
  }
  return best;
}

/**
 * Starts the confirmation: the pick, and the baseline when it is not the pick, each on every
 * example of the confirmation split, which selection never saw (GEPA does the same). Returns no
 * jobs when the run has no such split.
 *
 * @example
 * const specs = startConfirm(draft); // [] → finalizeMipro(draft)
 */
export function startConfirm(state: MiproState): MiproJobSpec[] {
  const confirmset = state.confirmset ?? [];
  if (confirmset.length === 0) return [];
  const pick = bestFullEvaluation(state)?.params ?? baselineParams(state);
  const baseline = baselineParams(state);
  const examples = confirmset.map((_, i) => i);
  const round = state.search.round;
  const targets: [string, Params][] = [["confirm-best", pick]];
  if (choiceKey(pick) !== choiceKey(baseline)) targets.push(["confirm-baseline", baseline]);
  state.confirmations = targets.map(([id, params]) => emptyEvaluation(id, "full", round, null, params, examples));
  return state.confirmations.flatMap((evaluation) =>
    examples.map((index) => ({
      id: jobId(state.runId, "confirm", evaluation.id, confirmset[index]?.id ?? String(index)),
      kind: "evaluate" as const,
      evaluation: evaluation.id,
      exampleIndex: index,
      split: "confirm" as const,
    })),
  );
}

/**
 * Files the confirmation results and ends the run. A confirmation cut short (budget,
 * cancellation) or with no scored example reports a null score, never a partial one.
 *
 * @example
 * finishConfirm(draft, specs, resultsById, undefined); // phase "done", result.confirm set
 */
export function finishConfirm(
  state: MiproState,
  specs: readonly MiproJobSpec[],
  results: ReadonlyMap<string, MiproJobResult>,
  stop?: Stop,
): void {
  const byId = new Map((state.confirmations ?? []).map((e) => [e.id, e]));
  for (const spec of specs) {
    const result = results.get(spec.id);
    const evaluation = spec.kind === "evaluate" ? byId.get(spec.evaluation) : undefined;
    if (spec.kind !== "evaluate" || !evaluation || result?.kind !== "evaluate") continue;
    evaluation.results.push({
      exampleIndex: spec.exampleIndex,
      exampleId: state.confirmset?.[spec.exampleIndex]?.id ?? String(spec.exampleIndex),
      status: result.status,
      score: selectionScore(result, state.plan.config.failureScore),
      ...(result.errorKind !== undefined && { errorKind: result.errorKind }),
      calls: result.calls,
      usage: result.usage,
      costUsd: result.costUsd,
    });
  }
  for (const evaluation of byId.values()) closeConfirmation(evaluation);
  finalizeMipro(state, stop);
}

function closeConfirmation(evaluation: Evaluation): void {
  const scored = tallyEvaluation(evaluation);
  const { results } = evaluation;
  const complete = results.length === evaluation.examples.length && !results.some((r) => r.status === "not_run");
  evaluation.status = complete && scored.length > 0 ? "observed" : "incomplete";
  evaluation.score =
    evaluation.status === "observed" ? scored.reduce((sum, r) => sum + (r.score ?? 0), 0) / scored.length : null;
}

/**
 * Ends the run: the program with the best full-valset score wins (the baseline wins ties and
 * is kept when nothing else was fully evaluated), with its confirmation scores when it was
 * re-measured. Every trial stays in `state.search`. A stop reason (budget, cancellation) is
 * recorded with a plain message.
 *
 * @example
 * finalizeMipro(draft, { reason: "budget_exceeded", message: "the $0.05 cap is reached" });
 * draft.result?.bestScore;
 */
export function finalizeMipro(state: MiproState, stop?: Stop): void {
  const baseline = baselineEvaluation(state);
  const best = bestFullEvaluation(state);
  const params = best?.params ?? baselineParams(state);
  state.result = {
    program: programForParams(state, params),
    params,
    baselineScore: baseline?.status === "observed" ? baseline.score : null,
    bestScore: best?.score ?? null,
    bestEvaluation: best?.id ?? null,
    confirm: confirmOf(state),
  };
  if (stop) {
    state.stoppedReason = stop.reason;
    state.stoppedMessage = stop.message;
  }
  state.phase = "done";
  state.pending = [];
}

function confirmOf(state: MiproState): MiproOutcome["confirm"] {
  const confirmations = state.confirmations ?? [];
  const best = confirmations.find((e) => e.id === "confirm-best");
  if (!best) return null;
  const baseline = confirmations.find((e) => e.id === "confirm-baseline") ?? best;
  return { n: state.confirmset?.length ?? 0, baselineScore: baseline.score, bestScore: best.score };
}
