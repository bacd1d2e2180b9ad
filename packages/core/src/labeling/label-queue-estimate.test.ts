import { describe, expect, it } from "vitest";
import { agreementReport } from "../metrics/agreement.ts";
import { type BinaryPair, confusionMatrix } from "../metrics/confusion.ts";
import { cohenKappa } from "../metrics/kappa.ts";
import { effectiveSize, type WeightedPair, weightedKappa, weightedKappaInterval } from "./label-queue-estimate.ts";

/** Pairs with a chosen confusion matrix, in a fixed interleaved order. */
function pairsOf(cells: { tp: number; fp: number; fn: number; tn: number }): BinaryPair[] {
  const out: BinaryPair[] = [];
  const add = (count: number, predicted: boolean, gold: boolean) => {
    for (let i = 0; i < count; i++) out.push({ predicted, gold });
  };
  add(cells.tp, true, true);
  add(cells.fp, true, false);
  add(cells.fn, false, true);
  add(cells.tn, false, false);
  return out;
}

const withWeight = (pairs: readonly BinaryPair[], weight: number): WeightedPair[] =>
  pairs.map((p) => ({ ...p, weight }));

describe("weightedKappa", () => {
  it.each([
    { tp: 20, fp: 5, fn: 10, tn: 15 },
    { tp: 8, fp: 2, fn: 2, tn: 8 },
    { tp: 3, fp: 9, fn: 1, tn: 40 },
  ])("equals plain Cohen's kappa when every weight is equal (%o)", (cells) => {
    const pairs = pairsOf(cells);
    const plain = cohenKappa(confusionMatrix(pairs)).value;
    expect(plain).not.toBeNull();
    expect(weightedKappa(withWeight(pairs, 1))).toBe(plain);
    expect(weightedKappa(withWeight(pairs, 3.7))).toBeCloseTo(plain as number, 12);
  });

  it("counts a label of weight 2 as two labels", () => {
    const weighted: WeightedPair[] = [
      { predicted: true, gold: true, weight: 2 },
      { predicted: true, gold: false, weight: 1 },
      { predicted: false, gold: true, weight: 2 },
      { predicted: false, gold: false, weight: 3 },
    ];
    // Replicated: tp 2, fp 1, fn 2, tn 3 → 2(6 − 2) / (3·4 + 4·5) = 8/32.
    expect(weightedKappa(weighted)).toBeCloseTo(8 / 32, 12);
    expect(cohenKappa({ tp: 2, fp: 1, fn: 2, tn: 3 }).value).toBeCloseTo(8 / 32, 12);
  });

  it("is null with no pairs or when both sides use one identical class", () => {
    expect(weightedKappa([])).toBeNull();
    expect(weightedKappa(withWeight(pairsOf({ tp: 5, fp: 0, fn: 0, tn: 0 }), 2))).toBeNull();
  });
});

describe("weightedKappaInterval", () => {
  it("with weights 1 is the interval agreementReport gives for the same seed and resamples", () => {
    const pairs = pairsOf({ tp: 30, fp: 6, fn: 9, tn: 25 });
    const plain = agreementReport(pairs, { seed: "same", resamples: 300 }).kappa.interval;
    const weighted = weightedKappaInterval(withWeight(pairs, 1), { seed: "same", resamples: 300 });
    expect(weighted).toEqual({ lower: plain?.lower, upper: plain?.upper });
  });

  it("brackets the weighted point estimate and widens when the weights spread", () => {
    const pairs = pairsOf({ tp: 30, fp: 6, fn: 9, tn: 25 });
    const even = withWeight(pairs, 1);
    // Same point estimate in expectation, but a few labels carry most of the weight.
    const uneven = pairs.map((p, i) => ({ ...p, weight: i % 7 === 0 ? 8 : 1 }));
    const a = weightedKappaInterval(even, { seed: "s", resamples: 400 });
    const b = weightedKappaInterval(uneven, { seed: "s", resamples: 400 });
    const point = weightedKappa(uneven) as number;
    expect(b?.lower).toBeLessThan(point);
    expect(b?.upper).toBeGreaterThan(point);
    expect((b?.upper ?? 0) - (b?.lower ?? 0)).toBeGreaterThan((a?.upper ?? 0) - (a?.lower ?? 0));
  });

  it("is null when kappa is undefined", () => {
    expect(
      weightedKappaInterval(withWeight(pairsOf({ tp: 4, fp: 0, fn: 0, tn: 0 }), 1), { seed: "s", resamples: 50 }),
    ).toBeNull();
  });
});

describe("effectiveSize", () => {
  it("is n for equal weights and (Σw)²/Σw² otherwise", () => {
    const pairs = pairsOf({ tp: 3, fp: 1, fn: 1, tn: 5 });
    expect(effectiveSize(withWeight(pairs, 2.5))).toBeCloseTo(10, 12);
    const two: WeightedPair[] = [
      { predicted: true, gold: true, weight: 1 },
      { predicted: true, gold: false, weight: 3 },
    ];
    expect(effectiveSize(two)).toBeCloseTo(16 / 10, 12);
    expect(effectiveSize([])).toBe(0);
  });
});
