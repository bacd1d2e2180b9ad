import {
  type BinaryPair,
  type ConfusionMatrix,
  confusionMatrix,
  f1Score,
  type MaybeValue,
  type ProportionMetrics,
  proportionMetrics,
} from "./confusion.ts";
import { zForLevel } from "./distributions.ts";
import {
  type BootstrapInterval,
  bootstrapPercentile,
  defaultLevel,
  defaultResamples,
  type Estimate,
} from "./intervals.ts";
import { agreementParts, cohenKappa } from "./kappa.ts";

export interface AgreementOptions {
  /** Seeds the bootstrap for F1 and kappa. */
  seed: string | number;
  /** Confidence level of every interval; default 0.95. */
  level?: number;
  /** Bootstrap resamples B; default 2000. */
  resamples?: number;
}

/** How the gold labels and the judge's verdicts split between true and false. */
export interface ClassBalance {
  readonly goldPositive: number;
  readonly goldNegative: number;
  readonly goldPositiveRate: number | null;
  readonly predictedPositive: number;
  readonly predictedNegative: number;
  readonly predictedPositiveRate: number | null;
}

/** Everything the report shows about a judge against gold labels. */
export interface AgreementReport extends ProportionMetrics {
  readonly n: number;
  readonly level: number;
  /** The normal critical value behind the Wilson intervals (1.96 at 95%). */
  readonly z: number;
  readonly confusion: ConfusionMatrix;
  readonly classBalance: ClassBalance;
  readonly f1: Estimate<BootstrapInterval>;
  readonly kappa: Estimate<BootstrapInterval>;
  /** Observed and chance agreement behind kappa. */
  readonly observedAgreement: number | null;
  readonly expectedAgreement: number | null;
}

/**
 * Measures how well a binary judge agrees with gold labels: confusion matrix, accuracy,
 * precision, recall, specificity (Wilson intervals), F1 and Cohen's kappa (percentile bootstrap
 * over pairs, seeded), with n and class balance. Undefined metrics are null with a reason.
 *
 * @example
 * const report = agreementReport(pairs, { seed: "run-1" });
 * report.kappa.interval?.lower; // the number the gate checks
 */
export function agreementReport(pairs: readonly BinaryPair[], options: AgreementOptions): AgreementReport {
  const level = options.level ?? defaultLevel;
  const z = zForLevel(level);
  const confusion = confusionMatrix(pairs);
  const bootstrap = { seed: options.seed, level, resamples: options.resamples ?? defaultResamples };
  const parts = agreementParts(confusion);
  return {
    n: pairs.length,
    level,
    z,
    confusion,
    classBalance: classBalance(confusion),
    ...proportionMetrics(confusion, level),
    // Same seed for both: F1 and kappa are evaluated on identical resamples.
    f1: bootstrapEstimate(pairs, f1Score, bootstrap),
    kappa: bootstrapEstimate(pairs, cohenKappa, bootstrap),
    observedAgreement: parts.observed,
    expectedAgreement: parts.expected,
  };
}

function bootstrapEstimate(
  pairs: readonly BinaryPair[],
  metric: (m: ConfusionMatrix) => MaybeValue,
  options: { seed: string | number; level: number; resamples: number },
): Estimate<BootstrapInterval> {
  const point = metric(confusionMatrix(pairs));
  if (point.value === null) return { value: null, interval: null, reason: point.reason ?? "undefined" };
  const interval = bootstrapPercentile(pairs, (sample) => metric(confusionMatrix(sample)).value, options);
  if (interval === null) {
    return { value: point.value, interval: null, reason: "undefined on every bootstrap resample" };
  }
  return { value: point.value, interval };
}

function classBalance(m: ConfusionMatrix): ClassBalance {
  const n = m.tp + m.fp + m.tn + m.fn;
  const goldPositive = m.tp + m.fn;
  const predictedPositive = m.tp + m.fp;
  return {
    goldPositive,
    goldNegative: n - goldPositive,
    goldPositiveRate: n === 0 ? null : goldPositive / n,
    predictedPositive,
    predictedNegative: n - predictedPositive,
    predictedPositiveRate: n === 0 ? null : predictedPositive / n,
  };
}
