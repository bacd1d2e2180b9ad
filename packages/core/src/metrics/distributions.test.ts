import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { chiSquareOneDfUpperTail, erfc, normalQuantile, normalUpperTail, zForLevel } from "./distributions.ts";

// Reference values: Abramowitz & Stegun, Handbook of Mathematical Functions (1964),
// Table 7.1 (erf) and Table 26.5 (normal percentage points).
describe("erfc", () => {
  it("matches the tabulated error function", () => {
    const cases: Array<[number, number]> = [
      [0.5, 1 - 0.520499877813047],
      [1, 1 - 0.842700792949715],
      [2, 1 - 0.995322265018953],
    ];

    const values = cases.map(([x]) => erfc(x));

    values.forEach((value, i) => {
      expect(value).toBeCloseTo((cases[i] as [number, number])[1], 13);
    });
  });

  it("keeps relative precision far in the tail", () => {
    const value = erfc(5);

    // erfc(5) = 1.537459794428035e-12 (A&S 7.1 asymptotic tail)
    expect(value / 1.537459794428035e-12).toBeCloseTo(1, 10);
  });

  it("is continuous where the series hands over to the continued fraction", () => {
    const below = erfc(2 - 1e-9);
    const above = erfc(2 + 1e-9);

    expect(Math.abs(below - above)).toBeLessThan(1e-10);
  });

  it("reflects negative arguments", () => {
    expect(erfc(-1)).toBeCloseTo(2 - erfc(1), 15);
  });
});

describe("normalQuantile", () => {
  it("matches the tabulated percentage points", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 9);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829304, 9);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644853627, 9);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963985, 9);
  });

  it("keeps relative precision for tiny tail probabilities", () => {
    const x = normalQuantile(1e-8);

    expect(normalUpperTail(-x) / 1e-8).toBeCloseTo(1, 10);
  });

  it("rejects probabilities outside (0, 1)", () => {
    expect(() => normalQuantile(1)).toThrow(JudgeloopError);
    expect(() => normalQuantile(0)).toThrow("probability in (0, 1)");
  });
});

describe("zForLevel", () => {
  it("gives 1.96 for 95% and 2.576 for 99%", () => {
    expect(zForLevel(0.95)).toBeCloseTo(1.959963985, 9);
    expect(zForLevel(0.99)).toBeCloseTo(2.575829304, 9);
  });

  it("names the field when the level is not in (0, 1)", () => {
    expect(() => zForLevel(95)).toThrow("level must be a confidence level in (0, 1), got 95");
  });
});

describe("chiSquareOneDfUpperTail", () => {
  it("gives 0.05 at the tabulated critical value 3.841", () => {
    expect(chiSquareOneDfUpperTail(3.841458820694124)).toBeCloseTo(0.05, 12);
  });

  it("is 1 at zero", () => {
    expect(chiSquareOneDfUpperTail(0)).toBe(1);
  });
});
