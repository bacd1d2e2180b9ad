import { chiSquareOneDfUpperTail } from "./distributions.ts";
import { checkCount } from "./validate.ts";

/** McNemar's test on the discordant pairs of a paired binary comparison. */
export interface McNemarResult {
  /** Pairs where the first program passed and the second failed. */
  readonly b: number;
  /** Pairs where the first program failed and the second passed. */
  readonly c: number;
  readonly discordant: number;
  /** Two-sided exact conditional p-value: 2·P(X ≤ min(b, c)), X ~ Binomial(b + c, 1/2), capped at 1. */
  readonly exactPValue: number;
  /** Mid-p variant (Fagerland, Lydersen & Laake 2013): less conservative than the exact test. */
  readonly midPValue: number;
  /** Continuity-corrected chi-square, for reference; null when there are no discordant pairs. */
  readonly chiSquare: { readonly statistic: number; readonly pValue: number } | null;
  readonly reason?: string;
}

/**
 * McNemar's exact test for paired binary outcomes. Only the discordant counts matter:
 * `b` (first passed, second failed) and `c` (first failed, second passed). The binomial tail is
 * summed in log space, so thousands of discordant pairs neither overflow nor underflow.
 *
 * The chi-square is (max(0, |b − c| − 1))² / (b + c); the max keeps b = c at 0 rather than the
 * 1/(b + c) some packages print.
 *
 * @example
 * mcnemarTest(1, 7).exactPValue; // 0.0703125 = 18/256
 */
export function mcnemarTest(b: number, c: number): McNemarResult {
  checkCount("b", b);
  checkCount("c", c);
  const n = b + c;
  if (n === 0) {
    return {
      b,
      c,
      discordant: 0,
      exactPValue: 1,
      midPValue: 1,
      chiSquare: null,
      reason: "no discordant pairs: the two programs never disagree",
    };
  }
  const k = Math.min(b, c);
  const logTail = logHalfBinomialLowerTail(k, n);
  const pointProbability = Math.exp(logHalfBinomialPmf(k, n));
  const exactPValue = Math.min(1, 2 * Math.exp(logTail));
  const midPValue = b === c ? 1 - 0.5 * pointProbability : exactPValue - pointProbability;
  const corrected = Math.max(0, Math.abs(b - c) - 1);
  const statistic = (corrected * corrected) / n;
  return {
    b,
    c,
    discordant: n,
    exactPValue,
    midPValue,
    chiSquare: { statistic, pValue: chiSquareOneDfUpperTail(statistic) },
  };
}

/**
 * log P(X ≤ k) for X ~ Binomial(n, 1/2), accumulated with log-sum-exp so that n in the
 * thousands (where 2ⁿ overflows a double) keeps a relative error near 1e-10.
 *
 * @example
 * Math.exp(logHalfBinomialLowerTail(1, 8)); // 9/256
 */
export function logHalfBinomialLowerTail(k: number, n: number): number {
  checkCount("n", n);
  if (k < 0) return Number.NEGATIVE_INFINITY;
  if (k >= n) return 0;
  let logCoefficient = 0; // log C(n, 0)
  let logSum = 0; // log of C(n, 0)
  for (let i = 1; i <= k; i++) {
    logCoefficient += Math.log(n - i + 1) - Math.log(i);
    logSum = logAddExp(logSum, logCoefficient);
  }
  return logSum - n * Math.LN2;
}

/** log P(X = k) for X ~ Binomial(n, 1/2). */
export function logHalfBinomialPmf(k: number, n: number): number {
  if (k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  const m = Math.min(k, n - k);
  let logCoefficient = 0;
  for (let i = 1; i <= m; i++) logCoefficient += Math.log(n - i + 1) - Math.log(i);
  return logCoefficient - n * Math.LN2;
}

function logAddExp(a: number, b: number): number {
  const high = Math.max(a, b);
  if (high === Number.NEGATIVE_INFINITY) return high;
  return high + Math.log1p(Math.exp(Math.min(a, b) - high));
}
