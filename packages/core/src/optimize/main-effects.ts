import type { CategoricalSpace, Choice } from "./tpe.ts";

/** One measured combination: its value and how much evidence it carries (e.g. examples / minibatch size). */
export interface WeightedObservation {
  params: Choice;
  value: number;
  weight: number;
}

/** Per parameter, the estimated effect of each category. */
export type MainEffects = Record<string, number[]>;

/**
 * Fits an additive model value ≈ Σ effect[param][category] by weighted ridge regression
 * (backfitting), so every trial informs every combination that shares a category with it. The
 * ridge term `lambda` pulls thinly observed categories toward 0 (no better than the baseline),
 * which keeps a single lucky minibatch from dominating.
 *
 * @example
 * const effects = fitMainEffects(space, observations, 1);
 * predictChoice(effects, { "judge.instruction": 2, "judge.demos": 4 });
 */
export function fitMainEffects(
  space: CategoricalSpace,
  observations: readonly WeightedObservation[],
  lambda: number,
  sweeps = 25,
): MainEffects {
  const names = Object.keys(space).sort();
  const effects: MainEffects = Object.fromEntries(names.map((n) => [n, new Array<number>(space[n] ?? 1).fill(0)]));
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (const name of names) {
      const k = space[name] ?? 1;
      const sums = new Array<number>(k).fill(0);
      const weights = new Array<number>(k).fill(0);
      for (const o of observations) {
        const x = o.params[name];
        if (x === undefined || x < 0 || x >= k) continue;
        const others = predictChoice(effects, o.params) - (effects[name]?.[x] ?? 0);
        sums[x] = (sums[x] ?? 0) + o.weight * (o.value - others);
        weights[x] = (weights[x] ?? 0) + o.weight;
      }
      effects[name] = sums.map((s, x) => s / ((weights[x] ?? 0) + lambda));
    }
  }
  return effects;
}

/**
 * The additive model's value for a choice.
 *
 * @example
 * predictChoice(effects, choice); // 0.18: 18 points better than the baseline, by the model
 */
export function predictChoice(effects: MainEffects, choice: Choice): number {
  return Object.entries(choice).reduce((sum, [name, x]) => sum + (effects[name]?.[x] ?? 0), 0);
}

/** The most combinations `bestChoices` ranks; larger spaces keep only each parameter's top categories. */
const maxRanked = 4096;

/**
 * Combinations in decreasing order of predicted value. Small spaces are ranked whole; in large
 * ones (several predictors) only the best categories of each parameter are combined.
 *
 * @example
 * bestChoices({ a: 3, b: 2 }, effects)[0]; // the model's favourite combination
 */
export function bestChoices(space: CategoricalSpace, effects: MainEffects): Choice[] {
  const names = Object.keys(space).sort();
  const keep = Math.max(1, Math.floor(maxRanked ** (1 / Math.max(1, names.length))));
  let choices: Choice[] = [{}];
  for (const name of names) {
    const values = effects[name] ?? new Array<number>(space[name] ?? 1).fill(0);
    const ranked = values
      .map((value, x) => ({ value, x }))
      .sort((a, b) => b.value - a.value || a.x - b.x)
      .slice(0, keep);
    choices = choices.flatMap((c) => ranked.map(({ x }) => ({ ...c, [name]: x })));
  }
  return choices
    .map((choice, order) => ({ choice, order, value: predictChoice(effects, choice) }))
    .sort((a, b) => b.value - a.value || a.order - b.order)
    .map((c) => c.choice);
}
