import { baselineParams, programForParams } from "./candidates.ts";
import type { Evaluation, MiproState, MiproStoppedReason } from "./mipro-state.ts";
import { baselineEvaluation } from "./observe.ts";

/**
 * Ends the run: the program with the best full-valset score wins (the baseline wins ties and
 * is kept when nothing else was fully evaluated). Every trial stays in `state.search`. A stop
 * reason (budget, cancellation) is recorded with a plain message.
 *
 * @example
 * finalizeMipro(draft, { reason: "budget_exceeded", message: "the $0.05 cap is reached" });
 * draft.result?.bestScore;
 */
export function finalizeMipro(state: MiproState, stop?: { reason: MiproStoppedReason; message: string }): void {
  const baseline = baselineEvaluation(state);
  let best: Evaluation | undefined = baseline?.status === "observed" ? baseline : undefined;
  for (const evaluation of state.search.evaluations) {
    if (evaluation.kind !== "full" || evaluation.status !== "observed" || evaluation.score === null) continue;
    if (!best || best.score === null || evaluation.score > best.score) best = evaluation;
  }
  const params = best?.params ?? baselineParams(state);
  state.result = {
    program: programForParams(state, params),
    params,
    baselineScore: baseline?.status === "observed" ? baseline.score : null,
    bestScore: best?.score ?? null,
    bestEvaluation: best?.id ?? null,
  };
  if (stop) {
    state.stoppedReason = stop.reason;
    state.stoppedMessage = stop.message;
  }
  state.phase = "done";
  state.pending = [];
}
