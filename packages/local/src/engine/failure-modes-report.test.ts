import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadStagePass, type RunSummaryData, readStageJobCounts, type StagePass, stagePassKeys } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileArtifactStore } from "../file-artifact-store.ts";
import { saveBundledConversations } from "./bundled-dataset.testing.ts";
import { LocalRunService } from "./local-run-service.ts";
import { openLocalRuntime } from "./local-runtime.ts";

let home: string;
let summary: RunSummaryData;
let report: string;
let passes: StagePass[];
let compareJobs: number | undefined;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "judgeloop-failure-modes-"));
  const version = await saveBundledConversations(home);
  const service = new LocalRunService({ home, env: { keys: {} } });
  await service.start({
    runId: "run-fm",
    config: {
      data: { dataset: version.id },
      prepare: { seed: 3, sample: { size: 80 }, splits: { judgeSet: 40, judgeValidation: 16, devHoldout: 16 } },
      optimizer: { judge: { numTrials: 2 }, generator: { numTrials: 2 } },
      stability: { repeats: 2, examples: 5 },
      gate: { kappaLowerThreshold: -1 },
    },
    budget: { capUsd: 20 },
  });
  await service.idle();
  summary = JSON.parse(await readFile(join(home, "runs", "run-fm", "summary.json"), "utf8")) as RunSummaryData;
  report = (await service.report("run-fm")) ?? "";
  // Compare's passes: two programs on two splits, replies then verdicts (8), gold on both holdouts (2), the grouping.
  const artifacts = new FileArtifactStore(home);
  passes = await Promise.all(
    Array.from({ length: 11 }, (_, i) => loadStagePass(artifacts, stagePassKeys("run-fm", "compare", i + 1).pass)),
  );
  const runtime = openLocalRuntime(home);
  compareJobs = (await readStageJobCounts(runtime.stores.runs, "run-fm").finally(() => runtime.close())).compare?.jobs;
}, 300_000);

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("failure modes of a simulated run", () => {
  it("groups every holdout reply gold failed into one mode, counted per program (simulated)", () => {
    const modes = summary.generator?.failureModes;
    const gold = summary.generator?.gold?.gold;
    expect(modes?.notRun).toBeUndefined();
    expect(modes?.simulated).toBe(true);
    expect(modes?.model).toBe(summary.overview.models.proposer);
    // Failing replies counted independently, from gold's pass rates on the paired holdout.
    const failing = (rate: number | null | undefined) => Math.round((1 - (rate ?? 1)) * (gold?.n ?? 0));
    expect(modes?.failing).toEqual({
      baseline: failing(gold?.baseline.value),
      optimized: failing(gold?.candidate.value),
    });
    expect((modes?.failing.baseline ?? 0) + (modes?.failing.optimized ?? 0)).toBeGreaterThan(0);
    const sum = (side: "baseline" | "optimized") => (modes?.modes ?? []).reduce((total, m) => total + m[side], 0);
    expect(sum("baseline")).toBe(modes?.failing.baseline);
    expect(sum("optimized")).toBe(modes?.failing.optimized);
  });

  it("names them in one stage job of the proposer model, the compare stage's last pass", () => {
    const grouping = passes.at(-1);
    expect(grouping?.model).toBe(summary.overview.models.proposer);
    expect(grouping?.temperature).toBe(0);
    const predictors = grouping?.program.kind === "state" ? Object.keys(grouping.program.state.predictors) : [];
    expect(predictors).toEqual(["group_failure_modes"]);
    expect(
      passes
        .slice(0, -1)
        .every((p) => p.program.kind !== "state" || !("group_failure_modes" in p.program.state.predictors)),
    ).toBe(true);
    // Every compare job ran on the job runtime: 4 reply passes and 4 verdict passes over train and
    // holdout, gold over both holdouts, and the one grouping job.
    const train = summary.generator?.train.n ?? 0;
    const holdout = summary.generator?.holdout.n ?? 0;
    const goldN = summary.generator?.gold?.gold.n ?? 0;
    expect(compareJobs).toBe(4 * train + 4 * holdout + 2 * goldN + 1);
  });

  it("shows the modes in the report: a row per mode with both counts, labelled simulated", () => {
    const modes = summary.generator?.failureModes?.modes ?? [];
    expect(report).toContain('<h3 id="failure-modes">Failure modes</h3>');
    expect(report).toContain('data-simulated="failure-modes"');
    expect(report.match(/<tr data-failure-mode=/g)).toHaveLength(modes.length);
    modes.forEach((mode, index) => {
      expect(report).toContain(
        `data-metric="generator.failureModes.modes.${index}.baseline" data-value="${mode.baseline}"`,
      );
      expect(report).toContain(
        `data-metric="generator.failureModes.modes.${index}.optimized" data-value="${mode.optimized}"`,
      );
    });
  });
});
