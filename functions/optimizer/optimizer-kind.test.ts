import { loadTokenizer, Predict, Program } from "@judgeloop/core";
import { beforeAll, describe, expect, it } from "vitest";
import { gepaOptionsOf, kindOfSpec, kindOfState } from "./optimizer-kind.ts";
import type { OptimizeSpec } from "./run-spec.ts";

const program = new Program({ judge: new Predict("transcript -> satisfied: boolean") }, (p, inputs, ctx) =>
  p.judge.call(inputs, ctx),
).toState();
const trainset = Array.from({ length: 12 }, (_, i) => ({
  id: `ex-${i}`,
  values: { transcript: `conversation ${i}`, satisfied: i % 2 === 0 },
  inputs: ["transcript"],
}));

function spec(
  optimizer: OptimizeSpec["optimizer"],
  metric: OptimizeSpec["metric"] = { kind: "exact", field: "satisfied" },
) {
  return {
    kind: "optimize",
    programKey: "p.json",
    trainsetKey: "t.json",
    metric,
    models: { task: "sim/weak", proposer: "sim/strong" },
    optimizer,
    budget: { maxCalls: 500 },
  } satisfies OptimizeSpec;
}

beforeAll(() => loadTokenizer());

describe("kindOfSpec / kindOfState", () => {
  it("plans the optimizer the spec names, and finds it again from the state's format", () => {
    const gepaSpec = spec({ kind: "gepa", maxMetricCalls: 30 });
    const miproSpec = spec({ numTrials: 3 });

    const gepa = kindOfSpec(gepaSpec).plan({ program, trainset, spec: gepaSpec, runId: "run-g" });
    const mipro = kindOfSpec(miproSpec).plan({ program, trainset, spec: miproSpec, runId: "run-m" });

    expect(gepa.format).toBe("judgeloop.gepa/1");
    expect(mipro.format).toBe("judgeloop.mipro/1");
    expect(kindOfState(gepa).name).toBe("gepa");
    expect(kindOfState(mipro).name).toBe("mipro");
  });

  it("sends every GEPA round to Observe and a fresh MIPRO plan to Bootstrap", () => {
    const gepaSpec = spec({ kind: "gepa", maxMetricCalls: 30 });
    const kind = kindOfSpec(gepaSpec);
    const planned = kind.plan({ program, trainset, spec: gepaSpec, runId: "run-g" });

    const seeding = kind.step(planned, []);
    const mipro = kindOfSpec(spec({})).plan({ program, trainset, spec: spec({}), runId: "run-m" });

    expect(kind.nextStep(planned)).toBe("observe");
    expect(seeding.phase).toBe("seed");
    expect(kind.pendingJobs(seeding).length).toBeGreaterThan(0);
    expect(kind.nextStep(seeding)).toBe("observe");
    expect(kind.progress(seeding)).toEqual({ done: 0, total: 30, unit: "metric calls" });
    expect(kindOfState(mipro).nextStep(mipro)).toBe("bootstrap");
  });

  it("refuses a state of no known format", () => {
    expect(() => kindOfState({ format: "judgeloop.simba/1" })).toThrow(/judgeloop\.mipro\/1" or "judgeloop\.gepa\/1/);
  });
});

describe("gepaOptionsOf", () => {
  it("carries the preset, seed, metric-call budget and caps, and counts a judge metric's call per example", () => {
    const judge = { kind: "judge", programKey: "j.json", model: "sim/strong" } as const;

    const options = gepaOptionsOf(spec({ kind: "gepa", auto: "medium", seed: 4, maxMetricCalls: 60 }, judge), "r1");

    expect(options).toEqual({
      runId: "r1",
      auto: "medium",
      seed: 4,
      maxMetricCalls: 60,
      budget: { maxCalls: 500 },
      metricCallsPerExample: 1,
    });
  });
});
