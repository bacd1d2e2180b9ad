import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { fannedOutStages } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const conversations = new URL("../../examples/airline-support/conversations.jsonl", import.meta.url);

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "judgeloop-aws-local-test-"));
  // The bundled conversations (emoji and all: job messages escape them), fewer of them.
  const lines = (await readFile(conversations, "utf8")).split("\n").filter((line) => line.trim() !== "");
  await writeFile(join(dir, "conversations.jsonl"), `${lines.slice(0, 300).join("\n")}\n`);
  // The bundled config's shape at a CI size: every stage, both optimizations, gold labels.
  const config = {
    name: "aws-local-small",
    data: { input: "conversations.jsonl" },
    prepare: {
      seed: 10,
      languages: ["en"],
      truncation: { seed: 101, minTurns: 1, ensureCustomerLast: true },
      sample: { size: 80 },
      splits: { judgeSet: 40, judgeValidation: 16, devHoldout: 16 },
    },
    models: {
      generator: "openai/gpt-4o-mini",
      judge: "gemini/gemini-2.5-flash",
      gold: "anthropic/claude-sonnet-4-5",
    },
    optimizer: { judge: { numTrials: 2 }, generator: { numTrials: 2 } },
    stability: { repeats: 2, examples: 5 },
    // 16 validation examples make a wide kappa interval: a gate any judge passes, so compare runs too.
    gate: { kappaLowerThreshold: -1 },
  };
  await writeFile(join(dir, "judgeloop.config.json"), JSON.stringify(config, null, 2));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run aws:local`'s script as the npm script does, in its own process with its own emulators. */
function awsLocal(args: string[]) {
  const env = { ...process.env, OPENAI_API_KEY: "sk-must-not-be-used" };
  return run(process.execPath, ["--import", "tsx", "scripts/aws-local.ts", ...args], {
    cwd: root,
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe("npm run aws:local", () => {
  it("runs a config through the emulated deployment, every stage's calls as SQS jobs, with the local engine's summary", async () => {
    // Act
    const { stdout } = await awsLocal(["--config", join(dir, "judgeloop.config.json"), "--json", "--check"]);

    // Assess
    const output = JSON.parse(stdout) as {
      overview: { status: string; simulated: boolean; configName: string };
      aws: {
        status: string;
        matchesLocalEngine: boolean;
        wallMs: number;
        stages: Record<string, { rounds: number; jobs: number; calls: number; cached: number; localJobs: number }>;
      };
    };
    expect(output.overview).toMatchObject({ status: "completed", simulated: true, configName: "aws-local-small" });
    expect(output.aws.status).toBe("succeeded");
    expect(output.aws.matchesLocalEngine).toBe(true);
    expect(output.aws.wallMs).toBeGreaterThan(0);
    expect(Object.keys(output.aws.stages)).toEqual([...fannedOutStages]);
    for (const [stage, line] of Object.entries(output.aws.stages)) {
      expect(line.rounds, stage).toBeGreaterThan(0);
      expect(line.jobs, stage).toBeGreaterThan(0);
      // Every job made one call: an answer from the simulator, or from the cache.
      expect(line.calls + line.cached, stage).toBe(line.jobs);
      expect(line.localJobs, stage).toBe(line.jobs);
    }
  }, 300_000);

  it("refuses a config file it cannot read, naming the file, before starting anything", async () => {
    const missing = join(dir, "missing.json");

    const failure = await awsLocal(["--config", missing]).then(
      () => null,
      (error: { code: number; stderr: string; stdout: string }) => error,
    );

    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`aws:local: ${missing}`);
    expect(failure?.stdout).toBe("");
  }, 60_000);
});
