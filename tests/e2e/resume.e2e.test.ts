import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  judgeloop,
  killHard,
  loggedCalls,
  offlineEnv,
  runIdIn,
  scratch,
  startUntil,
  writeSmallConfig,
} from "./support/cli.ts";

let dir: string;
let cleanup: () => Promise<void>;
let config: string;

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("resume"));
  config = await writeSmallConfig(dir);
});

afterAll(async () => {
  await cleanup();
});

/** An isolated data directory and simulator call log. */
function environment(name: string, pauseAt?: string): NodeJS.ProcessEnv {
  return offlineEnv({
    JUDGELOOP_HOME: join(dir, name),
    JUDGELOOP_SIM_CALL_LOG: join(dir, `${name}.calls.log`),
    ...(pauseAt !== undefined && { JUDGELOOP_PAUSE_AT: pauseAt }),
  });
}

interface Numbers {
  judgeValidation: unknown;
  holdout: unknown;
  spendCalls: number;
}

function numbersOf(summaryJson: string): Numbers {
  const summary = JSON.parse(summaryJson);
  return {
    judgeValidation: summary.judge.validation.optimized,
    holdout: summary.generator.holdout,
    spendCalls: summary.overview.spend.calls,
  };
}

describe("judgeloop resume", () => {
  it("finishes a run SIGKILLed between stages and inside an optimization with no repeated LM call and the same result", async () => {
    // Prepare: an uninterrupted run to compare with
    const clean = await judgeloop(["pipeline", "--config", config, "--json"], environment("clean"));
    expect(clean.code, clean.stderr).toBe(0);
    const cleanCalls = await loggedCalls(join(dir, "clean.calls.log"));

    // Act: kill between stages, then inside the generator's optimization, then let it finish
    const first = await startUntil(
      ["pipeline", "--config", config],
      environment("killed", "stage:label"),
      "paused at stage:label",
    );
    const runId = runIdIn(first.stderr);
    await killHard(first.child);
    const listed = await judgeloop(["runs", "--json"], environment("killed"));
    const second = await startUntil(
      ["resume", runId],
      environment("killed", "generator-optimize:trial:2"),
      "paused at generator-optimize:trial:2",
    );
    await killHard(second.child);
    const resumed = await judgeloop(["resume", runId, "--json"], environment("killed"));
    const after = await judgeloop(["runs", "--json"], environment("killed"));

    // Assess
    expect(JSON.parse(listed.stdout).runs[0]).toMatchObject({ id: runId, status: "running" });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming run ${runId}`);
    expect(resumed.stderr).toMatch(/skipped prepare datasets: done before/);
    const calls = await loggedCalls(join(dir, "killed.calls.log"));
    expect(new Set(calls).size).toBe(calls.length);
    expect(calls.length).toBe(cleanCalls.length);
    expect(numbersOf(resumed.stdout)).toEqual(numbersOf(clean.stdout));
    expect(JSON.parse(after.stdout).runs[0]).toMatchObject({ id: runId, status: "succeeded" });
  });

  it("refuses an unknown run with a one-line reason", async () => {
    const result = await judgeloop(["resume", "run-19990101-000000-0000"], environment("clean"));

    expect(result.code).not.toBe(0);
    const reasons = result.stderr.split("\n").filter((line) => line.startsWith("judgeloop: "));
    expect(reasons).toEqual([expect.stringMatching(/^judgeloop: no run run-19990101-000000-0000 /)]);
  });
});
