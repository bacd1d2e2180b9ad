import { describe, expect, it } from "vitest";
import { Random } from "../util/random.ts";
import { planMerge } from "./gepa-merge.ts";
import { bestCandidate, nonDominated, paretoFrontier, selectParent } from "./gepa-pareto.ts";
import type { GepaCandidate } from "./gepa-state.ts";

function candidate(id: string, valScores: (number | null)[], extra: Partial<GepaCandidate> = {}): GepaCandidate {
  const kept = valScores.filter((s): s is number => s !== null);
  return {
    id,
    instructions: { judge: `instruction of ${id}` },
    origin: id === "c0" ? "baseline" : "reflection",
    parents: id === "c0" ? [] : ["c0"],
    valScores,
    score: kept.length === 0 ? null : kept.reduce((a, b) => a + b, 0) / kept.length,
    failures: 0,
    excluded: valScores.length - kept.length,
    foundAtCalls: 0,
    ...extra,
  };
}

describe("paretoFrontier", () => {
  it("lists, per example, the best score and every candidate that reaches it", () => {
    // Prepare
    const pool = [candidate("c0", [1, 0, 0]), candidate("c1", [1, 1, 0]), candidate("c2", [0, 0, 1])];

    // Act
    const frontier = paretoFrontier(pool);

    // Assess
    expect(frontier).toEqual([
      { exampleIndex: 0, best: 1, leaders: ["c0", "c1"] },
      { exampleIndex: 1, best: 1, leaders: ["c1"] },
      { exampleIndex: 2, best: 1, leaders: ["c2"] },
    ]);
  });

  it("leaves an example that every candidate had excluded without leaders", () => {
    // Act
    const frontier = paretoFrontier([candidate("c0", [null, 1]), candidate("c1", [null, 0])]);

    // Assess
    expect(frontier[0]).toEqual({ exampleIndex: 0, best: null, leaders: [] });
    expect(frontier[1]?.leaders).toEqual(["c0"]);
  });
});

describe("nonDominated", () => {
  it("drops a candidate whose every lead is shared with another candidate", () => {
    // Prepare: c0 leads only where c1 also leads
    const pool = [candidate("c0", [1, 0, 0]), candidate("c1", [1, 1, 0]), candidate("c2", [0, 0, 1])];

    // Act
    const kept = nonDominated(paretoFrontier(pool), pool);

    // Assess
    expect(kept).toEqual(["c1", "c2"]);
  });
});

describe("selectParent", () => {
  it("draws frontier candidates in proportion to the examples they lead, never a dominated one", () => {
    // Prepare: c1 leads 3 examples, c2 leads 1, c0 is dominated
    const pool = [candidate("c0", [1, 0, 0, 0]), candidate("c1", [1, 1, 1, 0]), candidate("c2", [0, 0, 0, 1])];
    const rng = new Random("select");
    const counts: Record<string, number> = {};

    // Act
    for (let i = 0; i < 4000; i++) {
      const id = selectParent(pool, "pareto", rng);
      counts[id] = (counts[id] ?? 0) + 1;
    }

    // Assess
    expect(counts.c0).toBeUndefined();
    expect((counts.c1 ?? 0) / 4000).toBeCloseTo(0.75, 1);
    expect((counts.c2 ?? 0) / 4000).toBeCloseTo(0.25, 1);
  });

  it("takes the best mean under current_best", () => {
    // Act
    const id = selectParent([candidate("c0", [1, 0]), candidate("c1", [1, 1])], "current_best", new Random(1));

    // Assess
    expect(id).toBe("c1");
  });
});

describe("bestCandidate", () => {
  it("compares candidates on the examples all of them scored, the earliest winning ties", () => {
    // Prepare: c1's mean over its own examples is 1, but on the shared ones it ties the baseline
    const pool = [candidate("c0", [1, 0, 0]), candidate("c1", [1, 0, null]), candidate("c2", [0, 1, 1])];

    // Act
    const best = bestCandidate(pool.slice(0, 2));
    const withThird = bestCandidate(pool);

    // Assess
    expect(best?.id).toBe("c0");
    expect(withThird?.id).toBe("c0");
    expect(bestCandidate([candidate("c0", [0, 0]), candidate("c1", [0, 1])])?.id).toBe("c1");
  });
});

describe("planMerge", () => {
  const two = (id: string, gen: string, rep: string, scores: number[], parents: string[]) =>
    candidate(id, scores, { instructions: { generate: gen, review: rep }, parents });

  it("takes each predictor from the descendant that changed it", () => {
    // Prepare: c1 changed `generate`, c2 changed `review`, both from c0
    const pool = [
      two("c0", "g0", "r0", [0, 0, 0, 0], []),
      two("c1", "g1", "r0", [1, 1, 0, 0], ["c0"]),
      two("c2", "g0", "r2", [0, 0, 1, 1], ["c0"]),
    ];

    // Act
    const merge = planMerge(pool, new Set(), new Random(3));

    // Assess
    expect(merge).toEqual({
      parents: ["c1", "c2"],
      ancestor: "c0",
      instructions: { generate: "g1", review: "r2" },
      sources: { generate: "c1", review: "c2" },
    });
  });

  it("does not merge a pair twice, nor a pair without a common ancestor", () => {
    // Prepare
    const pool = [
      two("c0", "g0", "r0", [0, 0, 0, 0], []),
      two("c1", "g1", "r0", [1, 1, 0, 0], ["c0"]),
      two("c2", "g0", "r2", [0, 0, 1, 1], ["c0"]),
    ];
    const orphans = [two("c0", "g0", "r0", [1, 0], []), two("c1", "g1", "r1", [0, 1], [])];

    // Act
    const again = planMerge(pool, new Set(["c1|c2"]), new Random(3));
    const unrelated = planMerge(orphans, new Set(), new Random(3));

    // Assess
    expect(again).toBeUndefined();
    expect(unrelated).toBeUndefined();
  });
});
