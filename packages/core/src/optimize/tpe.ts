import type { Random } from "../util/random.ts";
import type { TpeSettings } from "./plan-types.ts";

/** Choices per parameter: parameter name → number of categories. */
export type CategoricalSpace = Record<string, number>;

/** A parameter setting: parameter name → chosen category. */
export type Choice = Record<string, number>;

/** One finished trial the sampler learns from; higher values are better. */
export interface TpeObservation {
  params: Choice;
  value: number;
}

/**
 * The key that identifies a choice (parameters in name order).
 *
 * @example
 * choiceKey({ "judge.instruction": 2, "judge.demos": 0 }); // "judge.demos=0,judge.instruction=2"
 */
export function choiceKey(choice: Choice): string {
  return Object.keys(choice)
    .sort()
    .map((name) => `${name}=${choice[name]}`)
    .join(",");
}

/**
 * Suggests the next choice with a Tree-structured Parzen Estimator over categorical parameters
 * (Bergstra et al. 2011, as Optuna's TPESampler does it for categoricals, one parameter at a
 * time). The observations are split into the best `gamma` share ("good") and the rest ("bad");
 * for each parameter, a smoothed categorical density is fitted to each group:
 *
 *   l(x) = (good trials with x + w/K) / (good trials + w),   g(x) likewise over the bad trials,
 *
 * with K categories and prior weight w. `candidates` choices are drawn from l and the one with
 * the largest Σ log l(x) − log g(x) is returned. Until `startupTrials` observations exist, the
 * choice is uniform at random. Keys in `avoid` (choices already suggested this round) are not
 * returned unless nothing else can be found. All randomness comes from `rng`.
 *
 * @example
 * const choice = suggestTpe({ "judge.instruction": 3, "judge.demos": 6 }, observations, rng, settings);
 */
export function suggestTpe(
  space: CategoricalSpace,
  observations: readonly TpeObservation[],
  rng: Random,
  settings: TpeSettings,
  avoid: ReadonlySet<string> = new Set(),
): Choice {
  const names = Object.keys(space).sort();
  if (observations.length < settings.startupTrials) return randomChoice(space, names, rng, avoid);
  const { good, bad } = splitObservations(observations, settings.gamma);
  const densities = Object.fromEntries(
    names.map((name) => {
      const k = space[name] ?? 1;
      return [
        name,
        { l: density(good, name, k, settings.priorWeight), g: density(bad, name, k, settings.priorWeight) },
      ];
    }),
  );
  let best: { choice: Choice; score: number } | undefined;
  for (let i = 0; i < settings.candidates; i++) {
    const choice = Object.fromEntries(names.map((name) => [name, drawFrom(densities[name]?.l ?? [1], rng)]));
    if (avoid.has(choiceKey(choice))) continue;
    const score = names.reduce((sum, n) => {
      const d = densities[n];
      const x = choice[n] ?? 0;
      return sum + Math.log(d?.l[x] ?? 1) - Math.log(d?.g[x] ?? 1);
    }, 0);
    if (!best || score > best.score) best = { choice, score };
  }
  return best?.choice ?? randomChoice(space, names, rng, avoid);
}

/**
 * The best `gamma` share of observations (at least one) and the rest; ties keep earlier trials
 * in the good group.
 *
 * @example
 * splitObservations(observations, 0.25).good.length; // ceil(0.25 · n)
 */
export function splitObservations(observations: readonly TpeObservation[], gamma: number) {
  const ranked = observations.map((o, i) => ({ o, i })).sort((a, b) => b.o.value - a.o.value || a.i - b.i);
  const nGood = Math.min(observations.length, Math.max(1, Math.ceil(gamma * observations.length)));
  return { good: ranked.slice(0, nGood).map((r) => r.o), bad: ranked.slice(nGood).map((r) => r.o) };
}

/** Smoothed category probabilities of one parameter within a group. */
function density(group: readonly TpeObservation[], name: string, k: number, priorWeight: number): number[] {
  const counts = new Array<number>(k).fill(priorWeight / k);
  for (const observation of group) {
    const x = observation.params[name];
    if (x !== undefined && x >= 0 && x < k) counts[x] = (counts[x] ?? 0) + 1;
  }
  const total = group.length + priorWeight;
  return counts.map((c) => c / total);
}

function drawFrom(probabilities: readonly number[], rng: Random): number {
  let u = rng.next() * probabilities.reduce((a, b) => a + b, 0);
  for (let x = 0; x < probabilities.length; x++) {
    u -= probabilities[x] ?? 0;
    if (u < 0) return x;
  }
  return probabilities.length - 1;
}

function randomChoice(space: CategoricalSpace, names: string[], rng: Random, avoid: ReadonlySet<string>): Choice {
  let choice: Choice = {};
  for (let attempt = 0; attempt < 50; attempt++) {
    choice = Object.fromEntries(names.map((name) => [name, rng.int(space[name] ?? 1)]));
    if (!avoid.has(choiceKey(choice))) return choice;
  }
  return choice;
}
