import { paramSpace } from "./candidates.ts";
import { bestChoices, fitMainEffects, type MainEffects, predictChoice } from "./main-effects.ts";
import type { MiproState, Params } from "./mipro-state.ts";
import { choiceKey, type TpeObservation } from "./tpe.ts";

/** Ridge strength of the additive model: one minibatch's worth of evidence pulls toward 0. */
const ridge = 1;

/**
 * The additive model of every observed evaluation's delta to the baseline. Each evaluation
 * weighs in proportion to its scored examples (a full evaluation counts as several minibatches),
 * so evidence is pooled across all combinations that share a candidate.
 *
 * @example
 * predictChoice(observedEffects(state), params);
 */
export function observedEffects(state: MiproState): MainEffects {
  const unit = Math.max(1, state.plan.config.minibatchSize);
  const weighted = state.search.evaluations
    .filter((e) => e.status === "observed" && e.delta !== null)
    .map((e) => ({ params: e.params, value: e.delta ?? 0, weight: e.scored / unit }));
  return fitMainEffects(paramSpace(state), weighted, ridge);
}

/**
 * What the sampler learns from: every observed evaluation (the baseline at delta 0, trials and
 * full evaluations), valued by the additive model rather than by its own noisy minibatch mean,
 * so one lucky minibatch does not make TPE lock onto a candidate.
 *
 * @example
 * suggestTpe(space, tpeObservations(state), rng, settings);
 */
export function tpeObservations(state: MiproState): TpeObservation[] {
  const effects = observedEffects(state);
  return state.search.evaluations
    .filter((e) => e.status === "observed" && e.delta !== null)
    .map((e) => ({ params: e.params, value: predictChoice(effects, e.params) }));
}

/** DSPy's pick: the tried combination with the best mean minibatch score, repeats averaged. */
function bestTriedUntested(state: MiproState, tested: ReadonlySet<string>): Params | undefined {
  const byKey = new Map<string, { params: Params; scores: number[] }>();
  for (const e of state.search.evaluations) {
    if (e.kind !== "minibatch" || e.status !== "observed" || e.score === null || tested.has(e.paramsKey)) continue;
    const entry = byKey.get(e.paramsKey) ?? { params: e.params, scores: [] };
    entry.scores.push(e.score);
    byKey.set(e.paramsKey, entry);
  }
  let best: { params: Params; mean: number } | undefined;
  for (const { params, scores } of byKey.values()) {
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    if (!best || mean > best.mean) best = { params, mean };
  }
  return best?.params;
}

/**
 * The combination to evaluate on the whole valset next: the one the additive model rates best
 * among those not yet fully evaluated (it may never have been tried on a minibatch itself).
 * Undefined before any trial has been observed.
 *
 * @example
 * mostPromisingUntested(state); // { "judge.instruction": 2, "judge.demos": 4 } or undefined
 */
export function mostPromisingUntested(state: MiproState): Params | undefined {
  const evaluations = state.search.evaluations;
  if (!evaluations.some((e) => e.trial !== null && e.status === "observed")) return undefined;
  const tested = new Set(evaluations.filter((e) => e.kind === "full").map((e) => e.paramsKey));
  if (state.plan.config.fullEvalPick === "tried") return bestTriedUntested(state, tested);
  const effects = observedEffects(state);
  return bestChoices(paramSpace(state), effects).find((choice) => !tested.has(choiceKey(choice)));
}
