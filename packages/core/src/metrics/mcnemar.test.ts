import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { logHalfBinomialLowerTail, mcnemarTest } from "./mcnemar.ts";

describe("mcnemarTest", () => {
  it("reproduces the exact p-value of calcugator's death-penalty example", () => {
    // calcugator.com chi2_mcnemar tutorial: 20 teenagers before/after lectures,
    // in favor -> against 11, against -> in favor 3: "Two-tails probability: 0.05737304687500008".
    const result = mcnemarTest(11, 3);

    expect(result.exactPValue).toBeCloseTo(0.057373046875, 14);
  });

  it("reproduces Fagerland, Lydersen & Laake's exact and mid-p values", () => {
    // Fagerland MW, Lydersen S, Laake P (2013), "The McNemar test for binary matched-pairs data:
    // mid-p and asymptotic are better than exact conditional", BMC Med Res Methodol 13:91, Table 1
    // (Bentur et al., AHR before/after SCT): n12 = 1, n21 = 7. Their Eq. 1: exact p = 2·binomcdf(1, 8, 0.5)
    // = 18/256 = 0.070; Eq. 2: mid-p = exact − binompdf(1, 8, 0.5) = 10/256 = 0.039.
    const result = mcnemarTest(1, 7);

    expect(result.exactPValue).toBeCloseTo(18 / 256, 14);
    expect(result.midPValue).toBeCloseTo(10 / 256, 14);
    expect(result.exactPValue).toBeCloseTo(0.07, 3);
    expect(result.midPValue).toBeCloseTo(0.039, 3);
  });

  it("reproduces Wikipedia's second example: corrected chi-square 3.68, p = 0.055, mid-p 0.035", () => {
    // Wikipedia, "McNemar's test", Examples (second example, 22 discordant pairs split 6 / 16):
    // with continuity correction chi^2 = 3.68 and p = 0.055; the mid-P McNemar test gives p = 0.035.
    const result = mcnemarTest(6, 16);

    expect(result.chiSquare?.statistic).toBeCloseTo(3.68, 2);
    expect(result.chiSquare?.pValue).toBeCloseTo(0.055, 3);
    expect(result.midPValue).toBeCloseTo(0.035, 3);
  });

  it("reproduces R's mcnemar.test output for the 150 / 86 vote-shift table", () => {
    // selva86.github.io, "McNemar's Test in R": mcnemar.test(votes) with discordant cells 150 and 86
    // -> "McNemar's chi-squared = 16.818, df = 1, p-value = 4.115e-05".
    const result = mcnemarTest(150, 86);

    expect(result.chiSquare?.statistic).toBeCloseTo(16.818, 3);
    expect(result.chiSquare?.pValue).toBeCloseTo(4.115e-5, 8);
  });

  it("matches stat-tools' exact and chi-square p-values for b = 12, c = 5", () => {
    // stat-tools.xyz/mcnemar?b=12&c=5: chi-square (cc) 2.1176, p 0.1456, exact p 0.1435.
    const result = mcnemarTest(12, 5);

    expect(result.exactPValue).toBeCloseTo(0.1435, 4);
    expect(result.chiSquare?.statistic).toBeCloseTo(2.1176, 4);
    expect(result.chiSquare?.pValue).toBeCloseTo(0.1456, 4);
  });

  it("stays accurate for ten thousand discordant pairs, where 2^n overflows", () => {
    // Reference computed with exact rational arithmetic (Python fractions, sum of C(10200, i) for i <= 5000):
    // 2·P(X <= 5000 | n = 10200, p = 1/2) = 0.04878796312682245.
    const result = mcnemarTest(5000, 5200);

    expect(result.exactPValue / 0.04878796312682245).toBeCloseTo(1, 8);
  });

  it("is symmetric in b and c", () => {
    expect(mcnemarTest(3, 9).exactPValue).toBe(mcnemarTest(9, 3).exactPValue);
  });

  it("gives p = 1 and a zero corrected statistic when b equals c", () => {
    const result = mcnemarTest(4, 4);

    expect(result.exactPValue).toBe(1);
    expect(result.chiSquare).toEqual({ statistic: 0, pValue: 1 });
  });

  it("reports no discordant pairs with p = 1 and a reason instead of NaN", () => {
    const result = mcnemarTest(0, 0);

    expect(result).toMatchObject({ exactPValue: 1, midPValue: 1, chiSquare: null });
    expect(result.reason).toContain("no discordant pairs");
  });

  it("rejects negative or fractional counts", () => {
    expect(() => mcnemarTest(-1, 2)).toThrow(JudgeloopError);
    expect(() => mcnemarTest(1.5, 2)).toThrow("b must be a non-negative integer");
  });
});

describe("logHalfBinomialLowerTail", () => {
  it("equals the exact binomial sum for small n", () => {
    // P(X <= 2 | n = 10, p = 1/2) = (1 + 10 + 45) / 1024
    expect(Math.exp(logHalfBinomialLowerTail(2, 10))).toBeCloseTo(56 / 1024, 15);
  });

  it("is 0 (log of 1) at or beyond n and -Infinity below 0", () => {
    expect(logHalfBinomialLowerTail(10, 10)).toBe(0);
    expect(logHalfBinomialLowerTail(-1, 10)).toBe(Number.NEGATIVE_INFINITY);
  });
});
