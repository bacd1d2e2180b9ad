import { JudgeloopError } from "../errors.ts";
import {
  defaultLevel,
  type Estimate,
  type FisherZInterval,
  fisherZInterval,
  type ProportionEstimate,
  proportionEstimate,
} from "./intervals.ts";

export type LengthUnit = "chars" | "words";

/** A judged response: its text (measured in `unit`) or a length measured beforehand. */
export type LengthSample =
  | { readonly response: string; readonly verdict: boolean }
  | { readonly length: number; readonly verdict: boolean };

export interface LengthBiasOptions {
  /** How to measure a response given as text; default "words". */
  unit?: LengthUnit;
  /** Number of length quantile bins for the pass-rate panel; default 4 (quartiles). */
  bins?: number;
  level?: number;
}

/** Pass rate among responses whose length falls in [minLength, maxLength]. */
export interface LengthBin {
  readonly minLength: number;
  readonly maxLength: number;
  readonly passRate: ProportionEstimate;
}

export interface LengthBiasReport {
  readonly n: number;
  readonly unit: LengthUnit;
  /** Point-biserial correlation (Pearson r between length and verdict as 0/1), Fisher-z interval. */
  readonly correlation: Estimate<FisherZInterval>;
  readonly meanLength: { readonly pass: number | null; readonly fail: number | null };
  readonly bins: readonly LengthBin[];
}

/**
 * Counts a response's length: Unicode code points for "chars", whitespace-separated tokens for
 * "words".
 *
 * @example
 * responseLength("Happy to help!", "words"); // 3
 */
export function responseLength(text: string, unit: LengthUnit): number {
  if (unit === "chars") return [...text].length;
  return text.split(/\s+/u).filter((token) => token !== "").length;
}

/**
 * Whether the judge favours longer (or shorter) responses: the point-biserial correlation between
 * length and verdict with a Fisher-z interval, mean lengths by verdict, and pass rate by length
 * quantile bin (ties never straddle two bins, so there may be fewer bins than asked).
 *
 * @example
 * lengthBias(samples, { unit: "words" }).correlation.value; // > 0 when long answers pass more often
 */
export function lengthBias(samples: readonly LengthSample[], options: LengthBiasOptions = {}): LengthBiasReport {
  const unit = options.unit ?? "words";
  const level = options.level ?? defaultLevel;
  const points = samples.map((sample, index) => toPoint(sample, index, unit));
  const passLengths = points.filter((p) => p.verdict).map((p) => p.length);
  const failLengths = points.filter((p) => !p.verdict).map((p) => p.length);
  return {
    n: points.length,
    unit,
    correlation: pointBiserial(points, level),
    meanLength: { pass: mean(passLengths), fail: mean(failLengths) },
    bins: quantileBins(points, options.bins ?? 4, level),
  };
}

interface LengthPoint {
  readonly length: number;
  readonly verdict: boolean;
}

function toPoint(sample: LengthSample, index: number, unit: LengthUnit): LengthPoint {
  if (typeof sample.verdict !== "boolean") {
    throw new JudgeloopError("bad_metric_input", `sample ${index}: verdict must be a boolean`);
  }
  if ("response" in sample) {
    if (typeof sample.response !== "string") {
      throw new JudgeloopError("bad_metric_input", `sample ${index}: response must be a string`);
    }
    return { length: responseLength(sample.response, unit), verdict: sample.verdict };
  }
  if (!Number.isFinite(sample.length) || sample.length < 0) {
    throw new JudgeloopError("bad_metric_input", `sample ${index}: length must be a non-negative number`);
  }
  return { length: sample.length, verdict: sample.verdict };
}

function pointBiserial(points: readonly LengthPoint[], level: number): Estimate<FisherZInterval> {
  const n = points.length;
  if (n < 2) return { value: null, interval: null, reason: "needs at least 2 samples" };
  const meanLength = points.reduce((sum, p) => sum + p.length, 0) / n;
  const passRate = points.filter((p) => p.verdict).length / n;
  let covariance = 0;
  let lengthSquares = 0;
  for (const p of points) {
    const dx = p.length - meanLength;
    covariance += dx * (Number(p.verdict) - passRate);
    lengthSquares += dx * dx;
  }
  const verdictSquares = n * passRate * (1 - passRate);
  if (verdictSquares === 0) return { value: null, interval: null, reason: "every verdict is the same" };
  if (lengthSquares === 0) return { value: null, interval: null, reason: "every response has the same length" };
  const r = Math.max(-1, Math.min(1, covariance / Math.sqrt(lengthSquares * verdictSquares)));
  if (n < 4) return { value: r, interval: null, reason: "a Fisher-z interval needs at least 4 samples" };
  return { value: r, interval: fisherZInterval(r, n, level) };
}

/** Splits by length rank into about `count` equal groups, closing a group only between distinct lengths. */
function quantileBins(points: readonly LengthPoint[], count: number, level: number): LengthBin[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new JudgeloopError("bad_metric_input", `bins must be a positive integer, got ${count}`);
  }
  const sorted = [...points].sort((a, b) => a.length - b.length);
  const groups: LengthPoint[][] = [];
  let current: LengthPoint[] = [];
  sorted.forEach((point, rank) => {
    current.push(point);
    const next = sorted[rank + 1];
    const target = ((groups.length + 1) * sorted.length) / count;
    if (next === undefined || (rank + 1 >= target && next.length !== point.length)) {
      groups.push(current);
      current = [];
    }
  });
  return groups.map((group) => ({
    minLength: (group[0] as LengthPoint).length,
    maxLength: (group[group.length - 1] as LengthPoint).length,
    passRate: proportionEstimate(group.filter((p) => p.verdict).length, group.length, level, "empty bin"),
  }));
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}
