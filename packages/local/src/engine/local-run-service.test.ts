import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveBundledConversations } from "./bundled-dataset.testing.ts";
import { LocalRunService } from "./local-run-service.ts";
import { openLocalRuntime } from "./local-runtime.ts";

let home: string;
let dataset: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "judgeloop-run-service-"));
  const version = await saveBundledConversations(home);
  dataset = version.id;
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

function config() {
  return {
    data: { dataset },
    prepare: { seed: 3, sample: { size: 80 }, splits: { judgeSet: 40, judgeValidation: 16, devHoldout: 16 } },
    optimizer: { judge: { numTrials: 2 }, generator: { numTrials: 2 } },
    stability: { repeats: 2, examples: 5 },
    // 16 validation labels are too few for the default gate; passing it is not what this tests.
    gate: { kappaLowerThreshold: -1 },
  };
}

async function statusOf(runId: string): Promise<string | undefined> {
  const runtime = openLocalRuntime(home);
  try {
    return (await runtime.stores.runs.getRun(runId))?.status;
  } finally {
    runtime.close();
  }
}

describe("LocalRunService", () => {
  it("runs a pipeline over an uploaded dataset in the background and serves its report", async () => {
    const service = new LocalRunService({ home, env: { keys: {} } });

    const started = await service.start({ runId: "run-api-1", config: config(), budget: { capUsd: 20 } });
    const statusRightAway = await statusOf("run-api-1");
    await service.idle();

    expect(started).toEqual({ runId: "run-api-1" });
    expect(["queued", "running"]).toContain(statusRightAway);
    expect(await statusOf("run-api-1")).toBe("succeeded");
    expect(await service.report("run-api-1")).toMatch(/^<!doctype html>/i);
    expect(await service.report("run-unknown")).toBeUndefined();
  });

  it("runs both optimizations with GEPA when the config's optimizer kind says so, and reports its reflections", async () => {
    const service = new LocalRunService({ home, env: { keys: {} } });
    const gepa = { kind: "gepa", maxMetricCalls: 60 };

    await service.start({
      runId: "run-gepa-1",
      config: { ...config(), optimizer: { judge: gepa, generator: gepa } },
      budget: { capUsd: 20 },
    });
    await service.idle();

    expect(await statusOf("run-gepa-1")).toBe("succeeded");
    const report = (await service.report("run-gepa-1")) ?? "";
    expect(report).toMatch(/GEPA \(60 metric calls/);
    expect(report).toMatch(/reflections: feedback → instruction/);
    expect(report).toMatch(/Candidate pool and Pareto frontier/);
  });

  it("starts nothing new for a run id it has seen", async () => {
    const service = new LocalRunService({ home, env: { keys: {} } });

    await service.start({ runId: "run-api-1", config: config(), budget: { capUsd: 20 } });
    await service.idle();

    expect(await statusOf("run-api-1")).toBe("succeeded");
  });

  it("estimates calls and dollars without calling anything", async () => {
    const service = new LocalRunService({ home, env: { keys: {} } });

    const estimate = await service.estimate(config());

    expect(estimate.calls).toBeGreaterThan(100);
    expect(estimate.costUsd).toBeGreaterThan(0);
  });

  it("estimates a run with fitBudget as it would start it: scaled below its cap, each change recorded", async () => {
    const service = new LocalRunService({ home, env: { keys: {} } });
    const larger = { ...config(), optimizer: { judge: { numTrials: 6 }, generator: { numTrials: 6 } } };
    const unscaled = (await service.estimate(larger)).costUsd ?? 0;
    const capUsd = unscaled * 0.9;

    const fitted = await service.estimate(larger, { capUsd, fitBudget: true });

    expect(fitted.costUsd).toBeLessThan(capUsd);
    expect(fitted.stages.map((stage) => stage.stage)).toContain("generator-optimize");
    expect(fitted.budgetFit?.estimate.from).toBeCloseTo(unscaled, 6);
    expect(Object.keys(fitted.budgetFit?.scaled ?? {})).toContain("compare.trainSample");
  });

  it("cancels a running run", async () => {
    const service = new LocalRunService({ home, env: { keys: {} } });

    await service.start({ runId: "run-api-2", config: config(), budget: { capUsd: 20 } });
    await service.cancel("run-api-2");

    expect(await statusOf("run-api-2")).toBe("cancelled");
  });
});
