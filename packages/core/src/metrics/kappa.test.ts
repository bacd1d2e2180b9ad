import { describe, expect, it } from "vitest";
import { agreementParts, cohenKappa } from "./kappa.ts";

// Rater A plays the judge (predicted) and rater B the gold label:
// tp = both yes, fp = A yes / B no, fn = A no / B yes, tn = both no.
describe("cohenKappa", () => {
  it("gives 0.4 on Wikipedia's grant-proposal example", () => {
    // Wikipedia, "Cohen's kappa", Examples / Simple example: 50 proposals, both yes 20,
    // A yes B no 5, A no B yes 10, both no 15 -> p_o = 0.7, p_e = 0.5, kappa = 0.4.
    const matrix = { tp: 20, fp: 5, fn: 10, tn: 15 };

    const kappa = cohenKappa(matrix);
    const parts = agreementParts(matrix);

    expect(parts.observed).toBeCloseTo(0.7, 12);
    expect(parts.expected).toBeCloseTo(0.5, 12);
    expect(kappa.value).toBeCloseTo(0.4, 12);
  });

  it("reproduces Wikipedia's same-percentages-different-numbers tables", () => {
    // Wikipedia, "Cohen's kappa", Examples / Same percentages but different numbers:
    // [45 15 / 25 15] -> kappa = 0.1304 and [25 35 / 5 35] -> kappa = 0.2593 (both p_o = 0.60).
    const first = cohenKappa({ tp: 45, fp: 15, fn: 25, tn: 15 });
    const second = cohenKappa({ tp: 25, fp: 35, fn: 5, tn: 35 });

    expect(first.value).toBeCloseTo(0.1304, 4);
    expect(second.value).toBeCloseTo(0.2593, 4);
  });

  it("reproduces the two-doctor worked example", () => {
    // easycalculation.com, "Cohen's kappa index": 20 patients, doctor B yes & A yes 12, B yes & A no 2,
    // B no & A yes 4, both no 2 -> Pr(a) = 0.7, Pr(e) = 0.62, kappa = 0.21.
    const matrix = { tp: 12, fp: 4, fn: 2, tn: 2 };

    const kappa = cohenKappa(matrix);

    expect(agreementParts(matrix).expected).toBeCloseTo(0.62, 12);
    expect(kappa.value).toBeCloseTo(0.21, 2);
  });

  it("is 1 for perfect agreement across both classes and negative for systematic disagreement", () => {
    expect(cohenKappa({ tp: 5, fp: 0, fn: 0, tn: 5 }).value).toBe(1);
    expect(cohenKappa({ tp: 0, fp: 5, fn: 5, tn: 0 }).value).toBe(-1);
  });

  it("is null with a reason when expected agreement is 1", () => {
    const kappa = cohenKappa({ tp: 9, fp: 0, fn: 0, tn: 0 });

    expect(kappa.value).toBeNull();
    expect(kappa.reason).toContain("expected agreement is 1");
  });

  it("is null for an empty matrix", () => {
    expect(cohenKappa({ tp: 0, fp: 0, fn: 0, tn: 0 })).toEqual({ value: null, reason: "no pairs" });
  });
});
