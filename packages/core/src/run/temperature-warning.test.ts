import { beforeAll, describe, expect, it } from "vitest";
import { createPipelineRun, executeRun } from "./run-engine.ts";
import type { RunSummaryData } from "./summary-types.ts";
import { type EngineHarness, engineHarness, smallRunInput } from "./testdata/engine-harness.ts";

const now = () => new Date().toISOString();

async function summaryOfRun(harness: EngineHarness): Promise<RunSummaryData | undefined> {
  await createPipelineRun(harness.runs, { runId: "run-t", input: smallRunInput(), now: now() });
  await executeRun("run-t", harness.deps);
  return harness.summaries[0];
}

describe("executeRun with a judge that takes no temperature", () => {
  let fixed: EngineHarness;
  let summary: RunSummaryData | undefined;

  beforeAll(async () => {
    fixed = engineHarness({ fixedTemperature: ["sim/judge"] });
    summary = await summaryOfRun(fixed);
  });

  it("records a temperature_dropped warning naming the model and the temperature asked for", () => {
    expect(summary?.warnings).toEqual([
      {
        code: "temperature_dropped",
        model: "sim/judge",
        stage: "judge-eval",
        requested: 0.7,
        message: expect.stringContaining("provider's fixed temperature"),
      },
    ]);
    expect(summary?.judge?.stability).toMatchObject({ temperature: 0.7, fixedTemperature: true });
  });

  it("says in the stability note that it measured at the provider's fixed temperature", () => {
    const notes = fixed.events.flatMap((event) => (event.type === "note" ? [event.message] : []));

    expect(notes.find((note) => note.startsWith("stability"))).toMatch(/at the provider's fixed temperature/);
  });
});

describe("executeRun with a judge that takes a temperature", () => {
  it("records no warning and measures at the requested temperature", async () => {
    const summary = await summaryOfRun(engineHarness());

    expect(summary?.warnings).toBeUndefined();
    expect(summary?.judge?.stability).not.toHaveProperty("fixedTemperature");
  });
});
