import { describe, expect, it } from "vitest";
import { agreementReport } from "./agreement.ts";
import type { BinaryPair } from "./confusion.ts";

function pairsFrom(cells: { tp: number; fp: number; fn: number; tn: number }): BinaryPair[] {
  const repeat = (count: number, predicted: boolean, gold: boolean) =>
    Array.from({ length: count }, () => ({ predicted, gold }));
  return [
    ...repeat(cells.tp, true, true),
    ...repeat(cells.fp, true, false),
    ...repeat(cells.fn, false, true),
    ...repeat(cells.tn, false, false),
  ];
}

function containsNaN(value: unknown): boolean {
  if (typeof value === "number") return Number.isNaN(value);
  if (value && typeof value === "object") return Object.values(value).some(containsNaN);
  return false;
}

// Wikipedia, "Cohen's kappa", simple example (kappa = 0.4), expanded into 50 judged pairs.
const grantProposals = pairsFrom({ tp: 20, fp: 5, fn: 10, tn: 15 });

describe("agreementReport", () => {
  it("reports the confusion matrix, n, class balance and the z of the level", () => {
    const report = agreementReport(grantProposals, { seed: "a", resamples: 200 });

    expect(report.n).toBe(50);
    expect(report.confusion).toEqual({ tp: 20, fp: 5, fn: 10, tn: 15 });
    expect(report.classBalance).toEqual({
      goldPositive: 30,
      goldNegative: 20,
      goldPositiveRate: 0.6,
      predictedPositive: 25,
      predictedNegative: 25,
      predictedPositiveRate: 0.5,
    });
    expect(report.z).toBeCloseTo(1.959963985, 9);
  });

  it("gives kappa 0.4 with a bootstrap interval around it", () => {
    const report = agreementReport(grantProposals, { seed: "a" });

    expect(report.kappa.value).toBeCloseTo(0.4, 12);
    expect(report.kappa.interval?.method).toBe("bootstrap-percentile");
    expect(report.kappa.interval?.resamples).toBe(2000);
    expect(report.kappa.interval?.lower).toBeLessThan(0.4);
    expect(report.kappa.interval?.upper).toBeGreaterThan(0.4);
    expect(report.observedAgreement).toBeCloseTo(0.7, 12);
    expect(report.expectedAgreement).toBeCloseTo(0.5, 12);
  });

  it("gives F1 with a bootstrap interval that contains it", () => {
    const report = agreementReport(grantProposals, { seed: "a" });

    expect(report.f1.value).toBeCloseTo(40 / 55, 12);
    expect(report.f1.interval?.lower).toBeLessThan(40 / 55);
    expect(report.f1.interval?.upper).toBeGreaterThan(40 / 55);
  });

  it("is identical for the same seed and differs for another", () => {
    const first = agreementReport(grantProposals, { seed: 11, resamples: 300 });
    const again = agreementReport(grantProposals, { seed: 11, resamples: 300 });
    const other = agreementReport(grantProposals, { seed: 12, resamples: 300 });

    expect(again).toEqual(first);
    expect(other.kappa.interval).not.toEqual(first.kappa.interval);
  });

  it("widens the intervals at a higher level", () => {
    const at95 = agreementReport(grantProposals, { seed: 5, resamples: 500 });
    const at99 = agreementReport(grantProposals, { seed: 5, resamples: 500, level: 0.99 });

    const width = (r: typeof at95) => (r.accuracy.interval?.upper ?? 0) - (r.accuracy.interval?.lower ?? 0);
    expect(width(at99)).toBeGreaterThan(width(at95));
    expect(at99.kappa.interval?.lower).toBeLessThanOrEqual(at95.kappa.interval?.lower ?? 0);
  });

  it("reports undefined metrics as null with reasons and never NaN when one class is missing", () => {
    const allSatisfied = pairsFrom({ tp: 12, fp: 0, fn: 0, tn: 0 });

    const report = agreementReport(allSatisfied, { seed: 1, resamples: 100 });

    expect(report.kappa).toMatchObject({ value: null, interval: null });
    expect(report.kappa.reason).toContain("expected agreement is 1");
    expect(report.specificity.reason).toBe("the gold labels have no negatives");
    expect(report.precision.value).toBe(1);
    expect(containsNaN(report)).toBe(false);
  });

  it("handles no pairs at all without throwing or NaN", () => {
    const report = agreementReport([], { seed: 1 });

    expect(report.n).toBe(0);
    expect(report.accuracy.reason).toBe("no pairs");
    expect(report.kappa.reason).toBe("no pairs");
    expect(report.classBalance.goldPositiveRate).toBeNull();
    expect(containsNaN(report)).toBe(false);
  });
});
