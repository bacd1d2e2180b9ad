import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeloop, offlineEnv, scratch } from "./support/cli.ts";

const seedsFile = fileURLToPath(new URL("../../examples/airline-support/seeds.csv", import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let env: NodeJS.ProcessEnv;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("synthesize"));
  env = offlineEnv({ JUDGELOOP_HOME: file("home") });
});

afterAll(async () => {
  await cleanup();
});

const synthesize = (extra: string[]) =>
  judgeloop(["synthesize", "--seeds", seedsFile, "--model", "sim/strong", "--seed", "3", "--json", ...extra], env);

describe("judgeloop synthesize (the built CLI, simulated model)", () => {
  it("writes 50 valid conversations from the 50 bundled seeds, and prepare accepts them", async () => {
    const out = file("synthetic.jsonl");

    const result = await synthesize(["--n", "50", "--out", out]);
    const prepared = await judgeloop(["prepare", "--input", out, "--json"], env);

    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ requested: 50, written: 50, failed: [], simulated: true });
    expect(summary.lineage).toMatchObject({ transform: "synthesize", seed: "3", params: { model: "sim/strong" } });
    expect(summary.lineage.params.seeds.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.stderr).toContain("SIMULATED");
    const rows = (await readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(50);
    for (const row of rows) {
      expect(row.conversation).toMatch(/^Customer: /);
      const speakers = row.conversation.split("\n").map((line: string) => line.split(":")[0]);
      expect(speakers.every((s: string, i: number) => s === (i % 2 === 0 ? "Customer" : "Support"))).toBe(true);
      expect(speakers.length).toBeGreaterThanOrEqual(2);
      expect(speakers.length).toBeLessThanOrEqual(6);
      expect(row).toMatchObject({ model: "sim/strong", simulated: true });
      expect(typeof row.seed_question).toBe("string");
    }
    expect(prepared.code, prepared.stderr).toBe(0);
    const steps = JSON.parse(prepared.stdout).steps as { name: string; rows: number }[];
    expect(steps.find((s) => s.name === "preprocessed")?.rows).toBe(50);
  });

  it("resumes from the LM cache: the same command again makes no new model call", async () => {
    const out = file("again.jsonl");

    const first = JSON.parse((await synthesize(["--n", "12", "--out", out])).stdout);
    const second = JSON.parse((await synthesize(["--n", "12", "--out", out])).stdout);

    expect(second.dataset).toBe(first.dataset);
    expect(second.usage.cachedCalls).toBe(second.usage.calls);
  });

  it("prints an upper bound with --estimate and calls nothing", async () => {
    const out = file("estimate.jsonl");

    const result = await synthesize(["--n", "10", "--out", out, "--estimate", "--max-attempts", "2"]);

    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ estimate: { calls: 20 }, firstAttemptCalls: 10 });
    expect(existsSync(out)).toBe(false);
  });

  it("stops at the call cap and keeps what it wrote", async () => {
    const out = file("capped.jsonl");

    const result = await synthesize(["--n", "10", "--out", out, "--max-calls", "4", "--seed", "capped"]);

    expect(result.code).not.toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ stoppedReason: "budget_exceeded" });
    const rows = (await readFile(out, "utf8")).trim().split("\n");
    expect(rows.length).toBeLessThanOrEqual(4);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("refuses a bad seed file with its line numbers and writes nothing", async () => {
    const bad = file("bad-seeds.csv");
    await writeFile(bad, 'company,question\nDelta,Where is my bag?\nDelta,""\nDelta,"never closed\n');
    const out = file("never.jsonl");

    const result = await judgeloop(
      ["synthesize", "--seeds", bad, "--n", "5", "--model", "sim/strong", "--out", out],
      env,
    );

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("bad-seeds.csv:4");
    expect(result.stderr).toContain("never closed");
    expect(existsSync(out)).toBe(false);
  });

  it("names line 1 when the seed file has no question column", async () => {
    const bad = file("no-question.csv");
    await writeFile(bad, "company,text\nDelta,Where is my bag?\n");

    const result = await judgeloop(
      ["synthesize", "--seeds", bad, "--n", "5", "--model", "sim/strong", "--out", file("x.jsonl")],
      env,
    );

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("no-question.csv:1 field `question`: the header has no question column");
  });

  it("runs the pipeline on conversations it synthesizes (data.synthesize), estimate included", async () => {
    const config = file("synth.config.json");
    await writeFile(
      config,
      JSON.stringify({
        data: { synthesize: { seeds: seedsFile, n: 80, seed: 5 } },
        prepare: { seed: 10, splits: { judgeSet: 40, judgeValidation: 15, devHoldout: 15 } },
        optimizer: { judge: { numTrials: 3 }, generator: { numTrials: 3 } },
        stability: { repeats: 2, examples: 5 },
        gate: { kappaLowerThreshold: -1 },
      }),
    );

    const estimate = await judgeloop(["pipeline", "--config", config, "--estimate", "--json"], env);
    const run = await judgeloop(["pipeline", "--config", config, "--json"], env);

    expect(estimate.code, estimate.stderr).toBe(0);
    const prepare = JSON.parse(estimate.stdout).parts.find((p: { stage: string }) => p.stage === "prepare");
    expect(prepare).toMatchObject({ model: "sim/generator", calls: 240 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("synthesized 80 of 80 conversations with sim/generator (SIMULATED)");
    const summary = JSON.parse(run.stdout);
    const datasets = summary.overview.datasets as { name: string; size: number; lineage: { transform: string } }[];
    expect(datasets.find((d) => d.name === "synthesized")).toMatchObject({
      size: 80,
      lineage: { transform: "synthesize" },
    });
    expect(datasets.find((d) => d.name === "imported")?.size).toBe(80);
  });
});
