import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { Random } from "../util/random.ts";
import { bootstrapPercentile, fisherZInterval, percentileOfSorted, wilsonInterval } from "./intervals.ts";

describe("wilsonInterval", () => {
  // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of
  // seven methods", Statistics in Medicine 17:857-872, Table II, method 3 (Wilson score interval
  // without continuity correction), 95% limits printed to four decimals.
  const newcombe: Array<[number, number, number, number]> = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];

  it.each(newcombe)("reproduces Newcombe's limits for %i/%i", (successes, trials, lower, upper) => {
    const interval = wilsonInterval(successes, trials);

    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });

  it("states the z behind the level", () => {
    const interval = wilsonInterval(81, 263, 0.99);

    expect(interval.z).toBeCloseTo(2.5758, 4);
    expect(interval.level).toBe(0.99);
    expect(interval.method).toBe("wilson");
  });

  it("pins the bound at 0 or 1 for all failures or all successes", () => {
    expect(wilsonInterval(0, 5).lower).toBe(0);
    expect(wilsonInterval(5, 5).upper).toBe(1);
  });

  it("rejects empty and impossible counts", () => {
    expect(() => wilsonInterval(0, 0)).toThrow(JudgeloopError);
    expect(() => wilsonInterval(4, 3)).toThrow("successes (4) exceed trials (3)");
    expect(() => wilsonInterval(1.5, 3)).toThrow("successes must be a non-negative integer");
  });
});

describe("fisherZInterval", () => {
  it("matches the published interval for r = .50, N = 50", () => {
    // small-s.science, "confidence interval for the correlation coefficient" (R: tanh(atanh(r) ± qnorm(.975)/sqrt(N-3))):
    // r = .50, N = 50 -> [0.2574879, 0.6832563]
    const interval = fisherZInterval(0.5, 50);

    expect(interval.lower).toBeCloseTo(0.2574879, 7);
    expect(interval.upper).toBeCloseTo(0.6832563, 7);
  });

  it("matches Statology's worked example r = 0.56, n = 60", () => {
    // statology.org/fisher-z-transformation: 95% CI [.3568, .7126]
    const interval = fisherZInterval(0.56, 60);

    expect(interval.lower).toBeCloseTo(0.3568, 3);
    expect(interval.upper).toBeCloseTo(0.7126, 3);
  });

  it("collapses to [1, 1] for a perfect correlation instead of NaN", () => {
    const interval = fisherZInterval(1, 10);

    expect([interval.lower, interval.upper]).toEqual([1, 1]);
  });

  it("needs at least four pairs", () => {
    expect(() => fisherZInterval(0.3, 3)).toThrow("needs n >= 4");
  });
});

describe("percentileOfSorted", () => {
  it("interpolates between order statistics like R's default quantile", () => {
    expect(percentileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileOfSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(percentileOfSorted([7], 0.9)).toBe(7);
  });
});

describe("bootstrapPercentile", () => {
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const data = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 1 : 0));

  it("returns the same interval for the same seed", () => {
    const first = bootstrapPercentile(data, mean, { seed: "s", resamples: 500 });
    const second = bootstrapPercentile(data, mean, { seed: "s", resamples: 500 });

    expect(second).toEqual(first);
  });

  it("moves a little, not a lot, with another seed", () => {
    const first = bootstrapPercentile(data, mean, { seed: "s", resamples: 2000 });
    const other = bootstrapPercentile(data, mean, { seed: "t", resamples: 2000 });

    expect(other).not.toEqual(first);
    expect(Math.abs((other?.lower ?? 0) - (first?.lower ?? 1))).toBeLessThan(0.04);
  });

  it("contains the point estimate and sits near the Wilson interval", () => {
    const interval = bootstrapPercentile(data, mean, { seed: 1 });
    const wilson = wilsonInterval(20, 60);

    expect(interval?.lower).toBeLessThan(mean(data));
    expect(interval?.upper).toBeGreaterThan(mean(data));
    expect(Math.abs((interval?.lower ?? 0) - wilson.lower)).toBeLessThan(0.05);
    expect(Math.abs((interval?.upper ?? 0) - wilson.upper)).toBeLessThan(0.05);
    expect(interval?.resamples).toBe(2000);
  });

  it("covers the true mean in roughly the nominal share of repeated samples", () => {
    const rng = new Random("coverage");
    let covered = 0;
    const trials = 100;

    for (let t = 0; t < trials; t++) {
      const sample = Array.from({ length: 80 }, () => (rng.next() < 0.3 ? 1 : 0));
      const interval = bootstrapPercentile(sample, mean, { seed: t, resamples: 400 });
      if (interval && interval.lower <= 0.3 && 0.3 <= interval.upper) covered++;
    }

    expect(covered / trials).toBeGreaterThan(0.85);
    expect(covered / trials).toBeLessThanOrEqual(1);
  });

  it("counts resamples where the statistic is undefined and skips them", () => {
    const onlyWithBoth = (xs: readonly number[]) => (xs.includes(0) && xs.includes(1) ? mean(xs) : null);

    const interval = bootstrapPercentile([0, 1, 1], onlyWithBoth, { seed: 3, resamples: 300 });

    expect(interval?.undefinedResamples).toBeGreaterThan(0);
    expect(interval?.undefinedResamples).toBeLessThan(300);
  });

  it("is null for no items or a statistic that is never defined", () => {
    expect(bootstrapPercentile([], mean, { seed: 1 })).toBeNull();
    expect(bootstrapPercentile([1, 2], () => null, { seed: 1, resamples: 10 })).toBeNull();
  });

  it("rejects a non-integer number of resamples", () => {
    expect(() => bootstrapPercentile(data, mean, { seed: 1, resamples: 0 })).toThrow("resamples must be");
  });
});
