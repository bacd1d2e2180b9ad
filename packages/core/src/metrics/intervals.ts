import { JudgeloopError } from "../errors.ts";
import { Random } from "../util/random.ts";
import { zForLevel } from "./distributions.ts";
import { checkCount, checkLevel } from "./validate.ts";

/** A two-sided confidence interval at `level` (0.95 = 95%). */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly method: "wilson" | "bootstrap-percentile" | "fisher-z";
}

/** Wilson score interval; `z` is the normal critical value used for the level. */
export interface WilsonInterval extends Interval {
  readonly method: "wilson";
  readonly z: number;
}

/** Fisher z-transform interval for a correlation; `z` as in WilsonInterval. */
export interface FisherZInterval extends Interval {
  readonly method: "fisher-z";
  readonly z: number;
}

/**
 * Percentile bootstrap interval. Resamples on which the statistic is undefined (say kappa when
 * every resampled label is the same) are left out and counted in `undefinedResamples`.
 */
export interface BootstrapInterval extends Interval {
  readonly method: "bootstrap-percentile";
  readonly resamples: number;
  readonly undefinedResamples: number;
  readonly seed: string | number;
}

/** A point estimate with its interval; when either is null, `reason` says why. */
export interface Estimate<I extends Interval = Interval> {
  readonly value: number | null;
  readonly interval: I | null;
  readonly reason?: string;
}

/** A proportion numerator/denominator with its Wilson interval. */
export interface ProportionEstimate extends Estimate<WilsonInterval> {
  readonly numerator: number;
  readonly denominator: number;
}

export const defaultLevel = 0.95;
export const defaultResamples = 2000;

/**
 * The Wilson score interval for `successes` out of `trials` (Wilson 1927; Newcombe 1998
 * method 3, no continuity correction). Stays inside [0, 1] and behaves at 0 and n successes.
 *
 * @example
 * wilsonInterval(81, 263); // { lower: 0.2553…, upper: 0.3662…, level: 0.95, z: 1.95996…, method: "wilson" }
 */
export function wilsonInterval(successes: number, trials: number, level = defaultLevel): WilsonInterval {
  checkCount("trials", trials);
  checkCount("successes", successes);
  if (trials === 0) throw new JudgeloopError("bad_metric_input", "trials must be at least 1 for a Wilson interval");
  if (successes > trials) {
    throw new JudgeloopError("bad_metric_input", `successes (${successes}) exceed trials (${trials})`);
  }
  const z = zForLevel(level);
  const p = successes / trials;
  const zz = z * z;
  const scale = 1 + zz / trials;
  const centre = (p + zz / (2 * trials)) / scale;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / trials + zz / (4 * trials * trials))) / scale;
  // Rounding can push the bound for 0 or n successes a hair past the point estimate.
  const lower = successes === 0 ? 0 : Math.max(0, centre - halfWidth);
  const upper = successes === trials ? 1 : Math.min(1, centre + halfWidth);
  return { lower, upper, level, z, method: "wilson" };
}

/**
 * A proportion with its Wilson interval, or a null value with `emptyReason` when the
 * denominator is 0 (precision with no predicted positives, for instance).
 *
 * @example
 * proportionEstimate(0, 0, 0.95, "no predicted positives"); // { value: null, interval: null, reason: "no predicted positives", … }
 */
export function proportionEstimate(
  numerator: number,
  denominator: number,
  level: number,
  emptyReason: string,
): ProportionEstimate {
  if (denominator === 0) return { value: null, interval: null, reason: emptyReason, numerator, denominator };
  return {
    value: numerator / denominator,
    interval: wilsonInterval(numerator, denominator, level),
    numerator,
    denominator,
  };
}

/**
 * The Fisher z-transform interval for a Pearson correlation `r` from `n` pairs:
 * tanh(atanh(r) ± z/√(n−3)). Needs n ≥ 4.
 *
 * @example
 * fisherZInterval(0.5, 50); // { lower: 0.2575…, upper: 0.6833…, … }
 */
export function fisherZInterval(r: number, n: number, level = defaultLevel): FisherZInterval {
  if (!(r >= -1 && r <= 1)) throw new JudgeloopError("bad_metric_input", `correlation must be in [-1, 1], got ${r}`);
  checkCount("n", n);
  if (n < 4) throw new JudgeloopError("bad_metric_input", `a Fisher z interval needs n >= 4, got ${n}`);
  const z = zForLevel(level);
  const centre = Math.atanh(r);
  const halfWidth = z / Math.sqrt(n - 3);
  // atanh(±1) is ±Infinity and tanh maps it back to ±1, so a perfect correlation yields [r, r].
  return { lower: Math.tanh(centre - halfWidth), upper: Math.tanh(centre + halfWidth), level, z, method: "fisher-z" };
}

export interface BootstrapOptions {
  /** Seeds the resampling (util/random.ts), so the same seed gives the same interval. */
  seed: string | number;
  /** Number of resamples B; default 2000. */
  resamples?: number;
  level?: number;
}

/**
 * Percentile bootstrap: draws `resamples` samples of `items` with replacement, evaluates
 * `statistic` on each, and returns the level-central percentiles. Null when `items` is empty or
 * the statistic is undefined (null) on every resample. `statistic` receives a reused buffer and
 * must not keep it.
 *
 * @example
 * const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
 * bootstrapPercentile([1, 2, 3, 4], mean, { seed: 7 });
 */
export function bootstrapPercentile<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number | null,
  options: BootstrapOptions,
): BootstrapInterval | null {
  const level = options.level ?? defaultLevel;
  const resamples = options.resamples ?? defaultResamples;
  checkLevel(level);
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new JudgeloopError("bad_metric_input", `resamples must be a positive integer, got ${resamples}`);
  }
  if (items.length === 0) return null;
  const rng = new Random(options.seed);
  const sample: T[] = [...items];
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[rng.int(items.length)] as T;
    const value = statistic(sample);
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const alpha = 1 - level;
  return {
    lower: percentileOfSorted(values, alpha / 2),
    upper: percentileOfSorted(values, 1 - alpha / 2),
    level,
    method: "bootstrap-percentile",
    resamples,
    undefinedResamples: resamples - values.length,
    seed: options.seed,
  };
}

/**
 * The q-quantile of ascending `sorted` values, interpolating linearly between order statistics
 * (Hyndman & Fan type 7, the default of R and NumPy).
 *
 * @example
 * percentileOfSorted([1, 2, 3, 4], 0.5); // 2.5
 */
export function percentileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new JudgeloopError("bad_metric_input", "percentile of an empty list");
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}
