import { JudgeloopError } from "../errors.ts";
import { checkLevel } from "./validate.ts";

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * The complementary error function, accurate to about 1e-13 relative error, so that tail
 * probabilities of 1e-6 and below keep their significant digits.
 *
 * @example
 * erfc(1); // 0.157299207050285...
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  // The series loses digits to cancellation as erfc shrinks; the continued fraction is slow
  // near zero. Switching at 2 keeps both within budget.
  if (x < 2) return 1 - erfSeries(x);
  return erfcContinuedFraction(x);
}

/** erf(x) = 2/√π · e^{-x²} · Σ (2x²)^n x / (1·3·…·(2n+1)): all terms positive, so no cancellation. */
function erfSeries(x: number): number {
  const twoXSquared = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= twoXSquared / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/** erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by modified Lentz. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let j = 1; j < 1000; j++) {
    const a = j / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/**
 * P(Z > x) for a standard normal Z.
 *
 * @example
 * normalUpperTail(1.959963984540054); // 0.025
 */
export function normalUpperTail(x: number): number {
  return 0.5 * erfc(x / SQRT_2);
}

/**
 * The standard normal quantile: the x with P(Z ≤ x) = p.
 *
 * @example
 * normalQuantile(0.975); // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new JudgeloopError("bad_metric_input", `normal quantile needs a probability in (0, 1), got ${p}`);
  }
  if (p === 0.5) return 0;
  const tail = Math.min(p, 1 - p);
  let x = roughUpperQuantile(tail);
  // Halley steps on Q(x) = tail; the rough start is within 5e-4, so two or three steps reach
  // machine precision.
  for (let i = 0; i < 4; i++) {
    const u = (normalUpperTail(x) - tail) / (Math.exp((-x * x) / 2) / SQRT_2PI);
    if (!Number.isFinite(u)) break;
    x += u / (1 - (x * u) / 2);
    if (Math.abs(u) < 1e-16 * Math.max(1, x)) break;
  }
  return p < 0.5 ? -x : x;
}

/** Abramowitz & Stegun 26.2.23: the upper-tail quantile for tail ≤ 0.5, error below 4.5e-4. */
function roughUpperQuantile(tail: number): number {
  const t = Math.sqrt(-2 * Math.log(tail));
  const numerator = 2.515517 + 0.802853 * t + 0.010328 * t * t;
  const denominator = 1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t;
  return t - numerator / denominator;
}

/**
 * The two-sided critical value for a confidence level: 1.96 for 0.95, 2.576 for 0.99.
 *
 * @example
 * zForLevel(0.95); // 1.959963984540054
 */
export function zForLevel(level: number): number {
  checkLevel(level);
  return normalQuantile(1 - (1 - level) / 2);
}

/**
 * P(X ≥ statistic) for X chi-square with one degree of freedom.
 *
 * @example
 * chiSquareOneDfUpperTail(3.841458820694124); // 0.05
 */
export function chiSquareOneDfUpperTail(statistic: number): number {
  if (statistic <= 0) return 1;
  return erfc(Math.sqrt(statistic / 2));
}
