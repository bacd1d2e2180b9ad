import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { type BinaryPair, confusionMatrix, f1Score, proportionMetrics } from "./confusion.ts";

const pair = (predicted: boolean, gold: boolean): BinaryPair => ({ predicted, gold });

describe("confusionMatrix", () => {
  it("counts each (predicted, gold) combination in its cell", () => {
    const pairs = [pair(true, true), pair(true, true), pair(true, false), pair(false, true), pair(false, false)];

    const matrix = confusionMatrix(pairs);

    expect(matrix).toEqual({ tp: 2, fp: 1, fn: 1, tn: 1 });
  });

  it("names the pair whose values are not booleans", () => {
    const bad = [pair(true, true), { predicted: "yes", gold: true } as unknown as BinaryPair];

    expect(() => confusionMatrix(bad)).toThrow(JudgeloopError);
    expect(() => confusionMatrix(bad)).toThrow("pair 1: predicted and gold must both be booleans");
  });
});

describe("proportionMetrics", () => {
  it("computes accuracy, precision, recall and specificity with Wilson intervals", () => {
    const metrics = proportionMetrics({ tp: 81, fp: 182, tn: 10, fn: 0 });

    expect(metrics.precision.value).toBeCloseTo(81 / 263, 12);
    // Newcombe (1998) Table II, 81/263: 0.2553-0.3662
    expect(metrics.precision.interval?.lower).toBeCloseTo(0.2553, 4);
    expect(metrics.precision.interval?.upper).toBeCloseTo(0.3662, 4);
    expect(metrics.recall.value).toBe(1);
    expect(metrics.specificity).toMatchObject({ numerator: 10, denominator: 192 });
    expect(metrics.accuracy).toMatchObject({ numerator: 91, denominator: 273 });
  });

  it("reports an empty denominator as null with a reason, not NaN", () => {
    const metrics = proportionMetrics({ tp: 0, fp: 0, tn: 6, fn: 4 });

    expect(metrics.precision).toMatchObject({
      value: null,
      interval: null,
      reason: "the judge predicted no positives",
    });
    expect(metrics.recall.value).toBe(0);
    expect(metrics.specificity.value).toBe(1);
  });
});

describe("f1Score", () => {
  it("is the harmonic mean of precision and recall", () => {
    const f1 = f1Score({ tp: 8, fp: 2, tn: 7, fn: 3 });

    const precision = 8 / 10;
    const recall = 8 / 11;
    expect(f1.value).toBeCloseTo((2 * precision * recall) / (precision + recall), 12);
  });

  it("is null with a reason when nobody says positive", () => {
    expect(f1Score({ tp: 0, fp: 0, tn: 5, fn: 0 }).value).toBeNull();
    expect(f1Score({ tp: 0, fp: 0, tn: 5, fn: 0 }).reason).toContain("no positives");
  });
});
