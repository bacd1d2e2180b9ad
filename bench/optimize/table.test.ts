import { describe, expect, it } from "vitest";
import { type BenchCell, meanInterval, renderOptimizerTables, seedMeans, verdict } from "./table.ts";

const cell = (
  optimizer: string,
  budget: number,
  heldOut: number,
  requests = budget - 50,
  seed = 1,
  run = 0,
): BenchCell => ({
  world: "w",
  budget,
  seed,
  run,
  optimizer,
  heldOut,
  requests,
  seconds: 1,
});

describe("the optimizer benchmark's verdict", () => {
  it("counts bootstrap+gepa as GEPA against Ax's best, and says what plain GEPA and MIPRO reach", () => {
    const cells = [
      cell("mipro", 400, 0.9),
      cell("gepa", 800, 0.88),
      cell("bootstrap+gepa", 800, 0.95),
      cell("ax-optimize-bootstrap", 800, 0.93),
      cell("ax-gepa", 800, 0.8),
    ];

    const [withBootstrap, plain] = verdict(cells).split("\n");

    expect(withBootstrap).toMatch(/800 bootstrap\+gepa 0\.950; best Ax: 800 ax-optimize-bootstrap 0\.930 → reached/);
    expect(plain).toMatch(/400 mipro 0\.900; best Ax: 800 ax-optimize-bootstrap 0\.930 → NOT reached/);
  });

  it("leaves out a judgeloop row that passed 823 requests", () => {
    const cells = [cell("mipro", 800, 0.99, 900), cell("gepa", 400, 0.85), cell("ax-gepa", 400, 0.9)];

    expect(verdict(cells)).toMatch(/400 gepa 0\.850; best Ax: 400 ax-gepa 0\.900 → NOT reached/);
  });

  it("averages a seed's runs before the interval over seeds, in the table and the verdict", () => {
    const cells = [
      cell("ax-optimize-bootstrap", 800, 0.9, 700, 1, 0),
      cell("ax-optimize-bootstrap", 800, 1.0, 700, 1, 1),
      cell("ax-optimize-bootstrap", 800, 0.8, 700, 2, 0),
      cell("ax-optimize-bootstrap", 800, 0.9, 700, 2, 1),
      cell("mipro", 800, 0.9, 700, 1),
      cell("mipro", 800, 0.84, 700, 2),
    ];

    expect(seedMeans(cells.slice(0, 4))).toEqual([
      { seed: 1, heldOut: expect.closeTo(0.95, 9), runs: 2 },
      { seed: 2, heldOut: expect.closeTo(0.85, 9), runs: 2 },
    ]);
    const table = renderOptimizerTables({
      cells,
      baselines: { w: 0.6 },
      positives: { w: 0.5 },
      worlds: ["w"],
      problems: [],
    });
    expect(table).toContain(
      "| ax-optimize-bootstrap (mean of 2 runs per seed) | ~800 | 0.900 [0.265, 1.535] | 0.950, 0.850 |",
    );
    expect(table).toContain("| mipro | ~800 | 0.870 [");
    expect(verdict(cells)).toMatch(/800 mipro 0\.870; best Ax: 800 ax-optimize-bootstrap 0\.900 → NOT reached/);
  });

  it("puts a t-interval around the seeds' mean", () => {
    const { mean, lower, upper } = meanInterval([0.85, 0.95, 0.85]);

    expect(mean).toBeCloseTo(0.8833, 4);
    expect(lower).toBeCloseTo(0.74, 2);
    expect(upper).toBeCloseTo(1.03, 2);
  });
});
