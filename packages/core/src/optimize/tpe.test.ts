import { describe, expect, it } from "vitest";
import { Random } from "../util/random.ts";
import { defaultTpeSettings } from "./presets.ts";
import { choiceKey, splitObservations, suggestTpe, type TpeObservation } from "./tpe.ts";

const space = { "judge.instruction": 4, "judge.demos": 5 };

/** Observations where instruction 2 scores high and everything else low, demos irrelevant. */
function instructionTwoWins(count: number): TpeObservation[] {
  const rng = new Random("observations");
  return Array.from({ length: count }, () => {
    const params = { "judge.instruction": rng.int(4), "judge.demos": rng.int(5) };
    return { params, value: params["judge.instruction"] === 2 ? 0.8 + 0.1 * rng.next() : 0.2 * rng.next() };
  });
}

describe("suggestTpe", () => {
  it("suggests uniformly at random until the startup trials are observed", () => {
    // Prepare
    const observations = instructionTwoWins(2);
    const settings = { ...defaultTpeSettings, startupTrials: 3 };

    // Act
    const picks = Array.from({ length: 200 }, (_, i) => suggestTpe(space, observations, new Random(i), settings));

    // Assess
    const twos = picks.filter((p) => p["judge.instruction"] === 2).length;
    expect(twos).toBeGreaterThan(30);
    expect(twos).toBeLessThan(70);
  });

  it("favours the category that the good trials share once past the startup trials", () => {
    // Prepare
    const observations = instructionTwoWins(16);

    // Act
    const picks = Array.from({ length: 100 }, (_, i) =>
      suggestTpe(space, observations, new Random(`pick-${i}`), defaultTpeSettings),
    );

    // Assess
    const twos = picks.filter((p) => p["judge.instruction"] === 2).length;
    expect(twos).toBeGreaterThan(80);
  });

  it("gives the same suggestion for the same seed and observations", () => {
    // Prepare
    const observations = instructionTwoWins(10);

    // Act
    const first = suggestTpe(space, observations, new Random("same"), defaultTpeSettings);
    const second = suggestTpe(space, observations, new Random("same"), defaultTpeSettings);

    // Assess
    expect(second).toEqual(first);
  });

  it("does not return a choice listed in `avoid` while others remain", () => {
    // Prepare
    const observations = instructionTwoWins(16);
    const favourite = suggestTpe(space, observations, new Random("a"), defaultTpeSettings);

    // Act
    const next = suggestTpe(space, observations, new Random("a"), defaultTpeSettings, new Set([choiceKey(favourite)]));

    // Assess
    expect(choiceKey(next)).not.toBe(choiceKey(favourite));
  });

  it("suggests a category for every parameter within its range", () => {
    // Prepare
    const observations = instructionTwoWins(12);

    // Act
    const choice = suggestTpe(space, observations, new Random("range"), defaultTpeSettings);

    // Assess
    expect(Object.keys(choice).sort()).toEqual(["judge.demos", "judge.instruction"]);
    expect(choice["judge.instruction"]).toBeGreaterThanOrEqual(0);
    expect(choice["judge.instruction"]).toBeLessThan(4);
    expect(choice["judge.demos"]).toBeLessThan(5);
  });
});

describe("splitObservations", () => {
  it("puts the best gamma share (rounded up, at least one) in the good group", () => {
    // Prepare
    const observations = [0.1, 0.9, 0.5, 0.7, 0.3].map((value, i) => ({ params: { x: i }, value }));

    // Act
    const { good, bad } = splitObservations(observations, 0.25);

    // Assess
    expect(good.map((o) => o.value)).toEqual([0.9, 0.7]);
    expect(bad).toHaveLength(3);
  });
});

describe("choiceKey", () => {
  it("names a choice independently of key order", () => {
    // Act
    const key = choiceKey({ b: 1, a: 2 });

    // Assess
    expect(key).toBe(choiceKey({ a: 2, b: 1 }));
    expect(key).toBe("a=2,b=1");
  });
});
