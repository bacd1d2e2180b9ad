import { describe, expect, it } from "vitest";
import { bestChoices, fitMainEffects, predictChoice } from "./main-effects.ts";

describe("fitMainEffects", () => {
  it("recovers additive effects from trials of other combinations", () => {
    // Prepare: value = a-effect + b-effect, with a = [0, 0.3], b = [0, 0.1, 0.2]
    const truth = (a: number, b: number) => ([0, 0.3][a] ?? 0) + ([0, 0.1, 0.2][b] ?? 0);
    const seen = [
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 2],
      [1, 1],
    ] as const;
    const observations = seen.map(([a, b]) => ({ params: { a, b }, value: truth(a, b), weight: 100 }));

    // Act
    const effects = fitMainEffects({ a: 2, b: 3 }, observations, 0.01);

    // Assess: (1, 2) was never observed, yet it is predicted from its parts
    expect(predictChoice(effects, { a: 1, b: 2 })).toBeCloseTo(0.5, 2);
  });

  it("pulls a category seen once toward zero, less so with more evidence", () => {
    // Prepare
    const once = [{ params: { a: 1 }, value: 0.4, weight: 1 }];
    const often = [{ params: { a: 1 }, value: 0.4, weight: 9 }];

    // Act
    const thin = fitMainEffects({ a: 2 }, once, 1);
    const thick = fitMainEffects({ a: 2 }, often, 1);

    // Assess
    expect(thin.a?.[1]).toBeCloseTo(0.2, 5);
    expect(thick.a?.[1]).toBeCloseTo(0.36, 5);
  });
});

describe("bestChoices", () => {
  it("ranks combinations by predicted value", () => {
    // Prepare
    const effects = { a: [0, 0.3], b: [0, 0.2, 0.1] };

    // Act
    const ranked = bestChoices({ a: 2, b: 3 }, effects);

    // Assess
    expect(ranked[0]).toEqual({ a: 1, b: 1 });
    expect(ranked[1]).toEqual({ a: 1, b: 2 });
    expect(ranked).toHaveLength(6);
  });
});
