import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseRunSummary } from "@judgeloop/report";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeloop, loggedCalls, offlineEnv, scratch, writeSmallConfig } from "./support/cli.ts";

let dir: string;
let cleanup: () => Promise<void>;
let config: string;
let env: NodeJS.ProcessEnv;
const callLog = () => join(dir, "sim-calls.log");

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("pipeline"));
  config = await writeSmallConfig(dir);
  env = offlineEnv({ JUDGELOOP_HOME: join(dir, "home"), JUDGELOOP_SIM_CALL_LOG: callLog() });
});

afterAll(async () => {
  await cleanup();
});

describe("judgeloop pipeline", () => {
  it("runs offline on the simulator, says so in its first lines, and ends with the summary table and the report", async () => {
    // Act
    const result = await judgeloop(["pipeline", "--config", config], env);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const firstLines = result.stdout.split("\n").slice(0, 2).join("\n");
    expect(firstLines).toMatch(/No provider key is set .*\n.*SIMULATOR/);
    expect(result.stdout).toMatch(/Judge \(sim\/judge\) +baseline +optimized/);
    expect(result.stdout).toMatch(/validation kappa +-?\d\.\d{3}/);
    expect(result.stdout).toMatch(/Gate: passed/);
    expect(result.stdout).toMatch(
      /holdout pass rate +\d\.\d{3} \[[\d.]+, [\d.]+\] +\d\.\d{3} \[[\d.]+, [\d.]+\] +[\d.e-]+/,
    );
    expect(result.stdout).toMatch(/LM calls: \d+ .*tokens \d+ in, \d+ out; cost \$[\d.]+/);
    const report = /Report: (.+report\.html)/.exec(result.stdout)?.[1] ?? "";
    expect(existsSync(report)).toBe(true);
    expect(existsSync(join(report, "..", "summary.json"))).toBe(true);
    for (const stage of ["prepare datasets", "optimize judge", "judge gate", "optimize generator", "write report"]) {
      expect(result.stderr).toContain(stage);
    }
  });

  it("prints the summary as JSON the report schema accepts, with judge and generator improved (simulated)", async () => {
    // Prepare
    const callsBefore = (await loggedCalls(callLog())).length;

    // Act
    const result = await judgeloop(["pipeline", "--config", config, "--json"], env);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const summary = parseRunSummary(JSON.parse(result.stdout));
    expect(summary.overview.simulated).toBe(true);
    expect(summary.overview.status).toBe("completed");
    const { judge, generator } = summary;
    const accuracy = (split: "train" | "validation", program: "baseline" | "optimized") =>
      judge?.[split][program].accuracy.value ?? Number.NaN;
    expect(accuracy("validation", "optimized") - accuracy("validation", "baseline")).toBeGreaterThan(0.15);
    expect(accuracy("train", "optimized") - accuracy("train", "baseline")).toBeGreaterThan(0.15);
    expect(judge?.gate.allowed).toBe(true);
    const holdout = generator?.holdout;
    expect((holdout?.candidate.value ?? 0) - (holdout?.baseline.value ?? 1)).toBeGreaterThan(0.1);
    // The holdout replies are scored by the gold model too, and the verdict line compares the gains.
    expect(generator?.gold?.gold.n).toBe(holdout?.n);
    expect(generator?.gold?.verdict).toMatch(/^Optimized replies gained .* on the judge and .* on gold/);
    expect(summary.flips?.total).toBe(
      (holdout?.flips.failToPass.length ?? 0) +
        (holdout?.flips.passToFail.length ?? 0) +
        (generator?.train.flips.failToPass.length ?? 0) +
        (generator?.train.flips.passToFail.length ?? 0),
    );
    // The same config again is answered from the cache: no simulator call at all.
    expect((await loggedCalls(callLog())).length).toBe(callsBefore);
  });

  it("rewrites a finished run's report from its stored results with `report RUN`, calling nothing", async () => {
    // Prepare
    const runs = JSON.parse((await judgeloop(["runs", "--json"], env)).stdout).runs;
    const callsBefore = (await loggedCalls(callLog())).length;

    // Act
    const result = await judgeloop(["report", runs[0].id, "--json"], env);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const written = JSON.parse(result.stdout);
    expect(written).toMatchObject({ runId: runs[0].id, report: expect.stringMatching(/report\.html$/) });
    expect(existsSync(written.report)).toBe(true);
    expect(parseRunSummary(JSON.parse(await readFile(written.summary, "utf8"))).overview.runId).toBe(runs[0].id);
    expect((await loggedCalls(callLog())).length).toBe(callsBefore);
  });

  it("estimates calls, tokens and dollars per stage with --estimate, calling nothing", async () => {
    // Prepare
    const callsBefore = (await loggedCalls(callLog())).length;

    // Act
    const result = await judgeloop(["pipeline", "--config", config, "--estimate", "--json"], env);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const estimate = JSON.parse(result.stdout);
    const stages = estimate.parts.map((part: { stage: string }) => part.stage);
    expect(stages).toEqual(
      expect.arrayContaining(["generate", "label", "judge-eval", "judge-optimize", "generator-optimize", "compare"]),
    );
    expect(estimate.total.calls).toBeGreaterThan(300);
    expect(estimate.total.costUsd).toBeGreaterThan(0);
    expect((await loggedCalls(callLog())).length).toBe(callsBefore);
  });

  it("replays a finished run's calls with --replay, and fails on a cache miss in an empty data directory", async () => {
    // Prepare
    const emptyHome = offlineEnv({ JUDGELOOP_HOME: join(dir, "empty-home") });

    // Act
    const replayed = await judgeloop(["pipeline", "--config", config, "--replay", "--json"], env);
    const missed = await judgeloop(["pipeline", "--config", config, "--replay"], emptyHome);

    // Assess
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(JSON.parse(replayed.stdout).overview.spend.calls).toBe(0);
    expect(missed.code).not.toBe(0);
    expect(missed.stderr).toMatch(/judgeloop: .*replay: no cached response/);
  });
});
