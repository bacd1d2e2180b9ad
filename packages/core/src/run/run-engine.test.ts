import { beforeAll, describe, expect, it } from "vitest";
import { createPipelineRun, executeRun } from "./run-engine.ts";
import { stageNames } from "./stages.ts";
import { type EngineHarness, engineHarness, smallRunInput } from "./testdata/engine-harness.ts";

const now = () => new Date().toISOString();

describe("executeRun", () => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = engineHarness();
    await createPipelineRun(harness.runs, { runId: "run-1", input: smallRunInput(), now: now() });
    await executeRun("run-1", harness.deps);
  });

  it("runs every stage in order and records each as succeeded with its output", async () => {
    const run = await harness.runs.getRun("run-1");

    expect(run?.status).toBe("succeeded");
    expect(
      harness.events.filter((e) => e.type === "stage-start").map((e) => e.type === "stage-start" && e.stage),
    ).toEqual([...stageNames]);
    for (const stage of stageNames) {
      expect(run?.stages[stage]).toMatchObject({
        status: "succeeded",
        output: { key: `runs/run-1/stages/${stage}.json` },
      });
    }
    expect(run?.spend.calls).toBeGreaterThan(100);
  });

  it("reports the optimized judge agreeing more with the gold labels, and the optimized generator passing more", () => {
    const [summary] = harness.summaries;

    const accuracy = (program: "baseline" | "optimized") =>
      summary?.judge?.validation[program].accuracy.value ?? Number.NaN;
    expect(accuracy("optimized")).toBeGreaterThan(accuracy("baseline"));
    const holdout = summary?.generator?.holdout;
    expect(holdout?.candidate.value ?? 0).toBeGreaterThan(holdout?.baseline.value ?? 1);
    expect(summary?.overview.simulated).toBe(true);
    expect(summary?.notRun).toEqual({});
  });

  it("reruns only unfinished stages of a resumed run, and the cache answers every call it repeats", async () => {
    // Prepare: forget the last three stages, as if the process died in generator-optimize
    const callsBefore = harness.simCalls();
    const pending = { status: "pending" as const };
    await harness.runs.updateRun("run-1", {
      status: "running",
      stages: { "generator-optimize": pending, compare: pending, report: pending },
    });
    harness.events.length = 0;

    // Act
    const outcome = await executeRun("run-1", harness.deps);

    // Assess
    expect(outcome.status).toBe("succeeded");
    const started = harness.events.flatMap((e) => (e.type === "stage-start" ? [e.stage] : []));
    expect(started).toEqual(["generator-optimize", "compare", "report"]);
    expect(harness.simCalls()).toBe(callsBefore);
  });
});

describe("executeRun at the judge gate", () => {
  it("stops a run whose judge fails the gate, skips the generator stages and still writes the report", async () => {
    // Prepare
    const harness = engineHarness();
    await createPipelineRun(harness.runs, {
      runId: "run-2",
      input: smallRunInput({ gate: { kappaLowerThreshold: 1 } }),
      now: now(),
    });

    // Act
    const outcome = await executeRun("run-2", harness.deps);

    // Assess
    const run = await harness.runs.getRun("run-2");
    expect(outcome.status).toBe("stopped");
    expect(outcome.reason).toMatch(/did not pass the gate/);
    expect(run?.stages["generator-optimize"]?.status).toBe("skipped");
    expect(run?.stages.compare?.status).toBe("skipped");
    expect(run?.stages.report?.status).toBe("succeeded");
    const [summary] = harness.summaries;
    expect(summary?.judge?.gate).toMatchObject({ passed: false, forced: false, allowed: false, threshold: 1 });
    expect(summary?.generator).toBeUndefined();
    expect(summary?.notRun.generator).toMatch(/gate/);
    expect(summary?.overview.status).toBe("stopped");
  });

  it("lets a judge that fails the gate serve with --force, and records that it was forced", async () => {
    const harness = engineHarness();
    const input = { ...smallRunInput({ gate: { kappaLowerThreshold: 1 } }), force: true };
    await createPipelineRun(harness.runs, { runId: "run-4", input, now: now() });

    const outcome = await executeRun("run-4", harness.deps);

    expect(outcome.status).toBe("succeeded");
    const [summary] = harness.summaries;
    expect(summary?.judge?.gate).toMatchObject({ passed: false, forced: true, allowed: true });
    expect(summary?.generator).toBeDefined();
  });

  it("fails a run whose stage throws, keeping the stages before it", async () => {
    const harness = engineHarness({ failOptimizationOf: "judge-optimize" });
    await createPipelineRun(harness.runs, { runId: "run-3", input: smallRunInput(), now: now() });

    await expect(executeRun("run-3", harness.deps)).rejects.toThrow("simulated crash");

    const run = await harness.runs.getRun("run-3");
    expect(run?.status).toBe("failed");
    expect(run?.stages["judge-eval"]?.status).toBe("succeeded");
    expect(run?.stages["judge-optimize"]).toMatchObject({ status: "failed", message: "simulated crash" });
    expect(run?.errors.at(-1)).toMatchObject({ code: "crash", stage: "judge-optimize" });
  });
});

describe("executeRun with optimizations handed to another execution", () => {
  it("pauses at each optimization stage, still running, and finishes on the pass after it", async () => {
    // Prepare
    const harness = engineHarness({ handOffOptimizations: true });
    await createPipelineRun(harness.runs, { runId: "run-5", input: smallRunInput(), now: now() });

    // Act
    const first = await executeRun("run-5", harness.deps);
    const paused = await harness.runs.getRun("run-5");
    const second = await executeRun("run-5", harness.deps);
    const third = await executeRun("run-5", harness.deps);

    // Assess
    expect(first).toEqual({
      runId: "run-5",
      status: "running",
      waitingFor: { stage: "judge-optimize", runId: "elsewhere-judge-optimize" },
    });
    expect(paused?.status).toBe("running");
    expect(paused?.stages["judge-eval"]?.status).toBe("succeeded");
    expect(paused?.stages["judge-optimize"]).toMatchObject({
      status: "running",
      message: "judge-optimize runs elsewhere",
    });
    expect(paused?.stages.gate).toBeUndefined();
    expect(second.waitingFor).toEqual({ stage: "generator-optimize", runId: "elsewhere-generator-optimize" });
    expect(third).toMatchObject({ status: "succeeded" });
    expect(third.waitingFor).toBeUndefined();
    const run = await harness.runs.getRun("run-5");
    expect(run?.stages["judge-optimize"]?.startedAt).toBe(paused?.stages["judge-optimize"]?.startedAt);
    expect(Object.values(run?.stages ?? {}).map((stage) => stage.status)).toEqual(stageNames.map(() => "succeeded"));
    expect(run?.errors).toEqual([]);
  });
});
