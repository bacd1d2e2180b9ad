import { JudgeloopError } from "../errors.ts";
import { defaultLevel, type ProportionEstimate, proportionEstimate } from "./intervals.ts";

/** One judged example: the judge's verdict and the gold (SME) label. */
export interface BinaryPair {
  readonly predicted: boolean;
  readonly gold: boolean;
}

/** Counts of a binary judge against gold labels; "positive" means `true` (satisfied). */
export interface ConfusionMatrix {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/**
 * Tallies paired (predicted, gold) booleans into a confusion matrix.
 *
 * @example
 * confusionMatrix([{ predicted: true, gold: true }, { predicted: true, gold: false }]); // { tp: 1, fp: 1, tn: 0, fn: 0 }
 */
export function confusionMatrix(pairs: readonly BinaryPair[]): ConfusionMatrix {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  pairs.forEach((pair, index) => {
    if (typeof pair.predicted !== "boolean" || typeof pair.gold !== "boolean") {
      throw new JudgeloopError("bad_metric_input", `pair ${index}: predicted and gold must both be booleans`);
    }
    if (pair.predicted && pair.gold) tp++;
    else if (pair.predicted) fp++;
    else if (pair.gold) fn++;
    else tn++;
  });
  return { tp, fp, tn, fn };
}

/** The number of pairs a matrix counts. */
export function matrixSize(m: ConfusionMatrix): number {
  return m.tp + m.fp + m.tn + m.fn;
}

/** The proportion metrics of a confusion matrix, each with a Wilson interval. */
export interface ProportionMetrics {
  readonly accuracy: ProportionEstimate;
  readonly precision: ProportionEstimate;
  /** Also called sensitivity or true-positive rate. */
  readonly recall: ProportionEstimate;
  /** True-negative rate. */
  readonly specificity: ProportionEstimate;
}

/**
 * Accuracy, precision, recall and specificity with Wilson intervals; a metric whose
 * denominator is empty is null with a reason instead of NaN.
 *
 * @example
 * proportionMetrics({ tp: 8, fp: 2, tn: 7, fn: 3 }).precision.value; // 0.8
 */
export function proportionMetrics(m: ConfusionMatrix, level = defaultLevel): ProportionMetrics {
  return {
    accuracy: proportionEstimate(m.tp + m.tn, matrixSize(m), level, "no pairs"),
    precision: proportionEstimate(m.tp, m.tp + m.fp, level, "the judge predicted no positives"),
    recall: proportionEstimate(m.tp, m.tp + m.fn, level, "the gold labels have no positives"),
    specificity: proportionEstimate(m.tn, m.tn + m.fp, level, "the gold labels have no negatives"),
  };
}

/** A statistic that may be undefined for some matrices, with the reason when it is. */
export interface MaybeValue {
  readonly value: number | null;
  readonly reason?: string;
}

/**
 * F1 = 2·tp / (2·tp + fp + fn): null when neither the judge nor the gold labels have a
 * positive, since precision and recall are then both undefined.
 *
 * @example
 * f1Score({ tp: 8, fp: 2, tn: 7, fn: 3 }).value; // 16 / 21
 */
export function f1Score(m: ConfusionMatrix): MaybeValue {
  const denominator = 2 * m.tp + m.fp + m.fn;
  if (denominator === 0) return { value: null, reason: "no positives among predictions or gold labels" };
  return { value: (2 * m.tp) / denominator };
}
