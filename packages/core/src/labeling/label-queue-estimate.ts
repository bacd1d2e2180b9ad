import { bootstrapPercentile } from "../metrics/intervals.ts";

/** One labelled conversation: the gate judge's verdict, the SME's label and its weight 1/πᵢ. */
export interface WeightedPair {
  predicted: boolean;
  gold: boolean;
  weight: number;
}

/**
 * Cohen's kappa of a weighted sample: the confusion matrix's cells are sums of weights instead of
 * counts, so each cell estimates its share of the whole dataset (Horvitz–Thompson), and kappa is
 * computed from those shares. Kappa only depends on the cells' ratios, so equal weights give
 * ordinary kappa. Null when it is undefined (no pairs, or both sides use one identical class).
 *
 * @example
 * weightedKappa([{ predicted: true, gold: true, weight: 2 }, { predicted: false, gold: false, weight: 1 }]); // 1
 */
export function weightedKappa(pairs: readonly WeightedPair[]): number | null {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const pair of pairs) {
    if (pair.predicted && pair.gold) tp += pair.weight;
    else if (pair.predicted) fp += pair.weight;
    else if (pair.gold) fn += pair.weight;
    else tn += pair.weight;
  }
  // The integer form of metrics/kappa.ts: κ = 2(tp·tn − fp·fn) / ((tp+fp)(fp+tn) + (tp+fn)(fn+tn)).
  const denominator = (tp + fp) * (fp + tn) + (tp + fn) * (fn + tn);
  if (pairs.length === 0 || denominator <= 0) return null;
  return (2 * (tp * tn - fp * fn)) / denominator;
}

/**
 * Percentile bootstrap interval of the weighted kappa: resamples the labelled pairs with
 * replacement, each keeping its weight (the with-replacement approximation of the design; it
 * ignores the finite-population correction, so it errs wide, as the unweighted bootstrap does).
 * With equal weights it is the same interval, resample for resample, as the unweighted one from
 * metrics/agreement.ts for the same seed.
 *
 * @example
 * weightedKappaInterval(pairs, { seed: "s", resamples: 1000 }); // { lower: 0.21, upper: 0.55, ... }
 */
export function weightedKappaInterval(
  pairs: readonly WeightedPair[],
  options: { seed: string | number; resamples: number; level?: number },
): { lower: number; upper: number } | null {
  if (weightedKappa(pairs) === null) return null;
  const interval = bootstrapPercentile(pairs, weightedKappa, options);
  return interval === null ? null : { lower: interval.lower, upper: interval.upper };
}

/**
 * Kish's effective sample size (Σw)² / Σw²: how many equally weighted labels carry as much
 * information as these. Equals n for equal weights and drops as weights spread.
 *
 * @example
 * effectiveSize([{ predicted: true, gold: true, weight: 1 }, { predicted: true, gold: false, weight: 3 }]); // 1.6
 */
export function effectiveSize(pairs: readonly WeightedPair[]): number {
  let sum = 0;
  let squares = 0;
  for (const { weight } of pairs) {
    sum += weight;
    squares += weight * weight;
  }
  return squares === 0 ? 0 : (sum * sum) / squares;
}
