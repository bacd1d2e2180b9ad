import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { startSimServer } from "@judgeloop/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeloop, offlineEnv, scratch, writeSmallConfig } from "../e2e/support/cli.ts";

// The local engine end to end (`judgeloop pipeline` as a child process) against `sim serve`
// with retryable faults, behind JUDGELOOP_CHAOS=1 (`npm run test:chaos`).
const enabled = process.env.JUDGELOOP_CHAOS === "1";
const models = { generator: "openai/sim/default", judge: "openai/sim/judge", gold: "openai/sim/gold" };

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("pipeline-chaos"));
});

afterAll(async () => {
  await cleanup();
});

/** Runs the small pipeline against a fresh server with `faults` and returns its saved programs' predictors. */
async function pipelineAgainst(name: string, faults: string) {
  const server = await startSimServer({ faults, timeoutFaultMs: 100, rpm: 3_000 });
  try {
    const home = join(dir, name);
    const config = await writeSmallConfig(dir, { models });
    const env = offlineEnv({
      JUDGELOOP_HOME: home,
      OPENAI_API_KEY: "sk-test-FAKE-chaos",
      OPENAI_BASE_URL: server.baseURL,
    });
    const result = await judgeloop(["pipeline", "--config", config, "--json"], env);
    const [run = ""] = await readdir(join(home, "runs"));
    const predictors = async (program: string) =>
      (
        JSON.parse(await readFile(join(home, "runs", run, "programs", `${program}.json`), "utf8")) as {
          predictors: unknown;
        }
      ).predictors;
    return {
      result,
      stats: server.stats(),
      judge: await predictors("judge"),
      generator: await predictors("generator"),
    };
  } finally {
    await server.close();
  }
}

describe.skipIf(!enabled)("judgeloop pipeline against a faulty sim serve (long; runs with JUDGELOOP_CHAOS=1)", () => {
  it("ends with the same judge and generator as a fault-free run when 10% of calls fail with 5xx or time out", async () => {
    // Prepare
    const clean = await pipelineAgainst("clean", "");

    // Act
    const faulty = await pipelineAgainst("faulty", "500:0.06,timeout:0.04");

    // Assess
    expect(clean.result.code, clean.result.stderr).toBe(0);
    expect(faulty.result.code, faulty.result.stderr).toBe(0);
    expect(faulty.stats.serverErrors + faulty.stats.timeouts).toBeGreaterThan(0);
    expect(JSON.parse(faulty.result.stdout)).toMatchObject({ overview: { status: "completed" } });
    expect(faulty.judge).toEqual(clean.judge);
    expect(faulty.generator).toEqual(clean.generator);
  }, 300_000);
});
