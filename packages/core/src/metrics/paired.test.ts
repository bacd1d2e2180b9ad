import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { comparePrograms, type PassRecord } from "./paired.ts";

const records = (spec: string, prefix = "c"): PassRecord[] =>
  [...spec].map((mark, i) => ({ id: `${prefix}${i}`, pass: mark === "1" }));

describe("comparePrograms", () => {
  it("joins by id and lists ids found in only one run", () => {
    const baseline = [
      { id: "a", pass: true },
      { id: "b", pass: false },
      { id: "only-base", pass: true },
    ];
    const candidate = [
      { id: "b", pass: true },
      { id: "new", pass: false },
      { id: "a", pass: true },
    ];

    const result = comparePrograms(baseline, candidate, { seed: 1, resamples: 100 });

    expect(result.n).toBe(2);
    expect(result.unmatched).toEqual({ baselineOnly: ["only-base"], candidateOnly: ["new"] });
    expect(result.flips).toEqual({ failToPass: ["b"], passToFail: [] });
  });

  it("feeds McNemar with b = pass->fail and c = fail->pass", () => {
    // 1 pass->fail, 7 fail->pass: Fagerland et al. (2013) Table 1 discordant counts, exact p = 18/256.
    const baseline = records("1" + "0000000" + "11110000");
    const candidate = records("0" + "1111111" + "11110000");

    const result = comparePrograms(baseline, candidate, { seed: 1, resamples: 100 });

    expect(result.mcnemar).toMatchObject({ b: 1, c: 7 });
    expect(result.mcnemar.exactPValue).toBeCloseTo(18 / 256, 14);
    expect(result.flips.passToFail).toEqual(["c0"]);
    expect(result.flips.failToPass).toHaveLength(7);
  });

  it("reports both pass rates with Wilson intervals and their difference with a paired bootstrap", () => {
    const baseline = records("1100110011001100110011001100110011001100");
    const candidate = records("1110111011101110111011101110111011101110");

    const result = comparePrograms(baseline, candidate, { seed: "cmp" });

    expect(result.baseline.value).toBe(0.5);
    expect(result.candidate.value).toBe(0.75);
    expect(result.baseline.interval?.method).toBe("wilson");
    expect(result.difference.value).toBeCloseTo(0.25, 12);
    expect(result.difference.interval?.lower).toBeGreaterThan(0);
    expect(result.difference.interval?.upper).toBeGreaterThan(0.25);
  });

  it("gives a tighter interval than the unpaired rates suggest when outcomes are correlated", () => {
    const baseline = records("1100110011001100110011001100110011001100");
    const candidate = records("1110111011101110111011101110111011101110");

    const result = comparePrograms(baseline, candidate, { seed: "cmp" });

    const pairedWidth = (result.difference.interval?.upper ?? 0) - (result.difference.interval?.lower ?? 0);
    const unpairedWidth =
      (result.candidate.interval?.upper ?? 0) -
      (result.candidate.interval?.lower ?? 0) +
      (result.baseline.interval?.upper ?? 0) -
      (result.baseline.interval?.lower ?? 0);
    expect(pairedWidth).toBeLessThan(unpairedWidth / 2);
  });

  it("is deterministic under a seed", () => {
    const baseline = records("10101010101010101010");
    const candidate = records("11101110111011101110");

    const first = comparePrograms(baseline, candidate, { seed: 9, resamples: 300 });
    const second = comparePrograms(baseline, candidate, { seed: 9, resamples: 300 });

    expect(second).toEqual(first);
  });

  it("reports no overlap as null estimates with reasons", () => {
    const result = comparePrograms(records("11", "x"), records("00", "y"), { seed: 1 });

    expect(result.n).toBe(0);
    expect(result.difference).toMatchObject({ value: null, interval: null });
    expect(result.baseline.reason).toContain("no example ids are shared");
    expect(result.mcnemar.exactPValue).toBe(1);
  });

  it("rejects an id repeated within one run, naming it", () => {
    const baseline = [
      { id: "a", pass: true },
      { id: "a", pass: false },
    ];

    expect(() => comparePrograms(baseline, [], { seed: 1 })).toThrow(JudgeloopError);
    expect(() => comparePrograms(baseline, [], { seed: 1 })).toThrow('baseline has example id "a" more than once');
  });
});
