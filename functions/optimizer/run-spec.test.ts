import type { RunRecord } from "@judgeloop/core";
import { describe, expect, it } from "vitest";
import { miproOptionsOf, specOfRun } from "./run-spec.ts";

function runWith(optimizer: Record<string, unknown>): RunRecord {
  return {
    id: "run-1",
    kind: "optimize",
    status: "queued",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    input: {
      kind: "optimize",
      programKey: "programs/judge.json",
      trainsetKey: "data/train.json",
      metric: { kind: "exact", field: "satisfied" },
      models: { task: "sim/weak", proposer: "sim/strong" },
      optimizer,
    },
    stages: {},
    spend: { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    errors: [],
  } as unknown as RunRecord;
}

describe("specOfRun", () => {
  it("accepts a GEPA optimization with its metric-call budget", () => {
    const spec = specOfRun(runWith({ kind: "gepa", maxMetricCalls: 40, seed: 3 }));

    expect(spec.optimizer).toEqual({ kind: "gepa", maxMetricCalls: 40, seed: 3 });
  });

  it("refuses an unknown optimizer kind, naming the field", () => {
    expect(() => specOfRun(runWith({ kind: "simba" }))).toThrow(/input\.optimizer\.kind/);
  });

  it("accepts kind mipro and keeps it out of MIPRO's options", () => {
    const spec = specOfRun(runWith({ kind: "mipro", numTrials: 3 }));

    const options = miproOptionsOf(spec, "run-1");

    expect(options).toMatchObject({ numTrials: 3, runId: "run-1" });
    expect(options).not.toHaveProperty("kind");
  });
});
