import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeloopInProcess } from "../testing/in-process.ts";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../../bin/judgeloop.js", import.meta.url));
const exampleConfig = fileURLToPath(
  new URL("../../../../examples/airline-support/reference.config.json", import.meta.url),
);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `judgeloop` executable, as a user would. */
async function judgeloop(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "judgeloop-prepare-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("judgeloop prepare", () => {
  // The real executable first, as a user would run it; the second run in this process is faster.
  it("prints counts at every step and the dataset ids, and gives the same ids when run again", async () => {
    // Prepare
    const home = join(dir, "home");

    // Act
    const first = await judgeloop(["prepare", "--config", exampleConfig, "--json"], { JUDGELOOP_HOME: home });
    const second = await judgeloopInProcess("prepare", "--config", exampleConfig, "--out", home, "--json");

    // Assess
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    const counts = Object.fromEntries(
      result.steps.map((step: { name: string; rows: number }) => [step.name, step.rows]),
    );
    expect(counts).toEqual({
      imported: 2023,
      preprocessed: 2009,
      truncated: 2009,
      sampled: 400,
      judge: 160,
      judgeTrain: 110,
      judgeValidation: 50,
      dev: 240,
      devTrain: 200,
      devHoldout: 40,
    });
    for (const line of ["import", "preprocess", "truncate", "sample", "split judge", "judge-train", "dev-holdout"]) {
      expect(first.stderr).toMatch(new RegExp(`${line} +\\d+ rows  [0-9a-f]{64}`));
    }
    expect(first.stderr).toContain("14 language (es 12, pt 2)");
    expect(JSON.parse(second.stdout).datasets).toEqual(result.datasets);
    expect(second.stderr).toContain("wrote 0 of 10 dataset versions");
    expect((await readdir(join(home, "datasets"))).sort()).toEqual(Object.values(result.datasets).sort());
  });

  it("rejects a bad file listing every problem, and writes nothing", async () => {
    // Prepare
    const input = join(dir, "bad.jsonl");
    const out = join(dir, "never-written");
    await writeFile(
      input,
      [
        '{"conversation_id": "a", "company": "Delta", "conversation": "Customer: hi"}',
        '{"conversation_id": "b", "company": "Delta", "conversation": ',
        '{"conversation_id": "c", "company": "Delta"}',
        '{"conversation_id": "d", "company": "Delta", "conversation": ["Customer: hi"]}',
        '{"conversation_id": "a", "company": "Delta", "conversation": "Customer: again"}',
      ].join("\n"),
    );

    // Act
    const result = await judgeloopInProcess("prepare", "--input", input, "--out", out);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("4 problems, nothing imported");
    expect(result.stderr).toContain("bad.jsonl:2: is not valid JSON");
    expect(result.stderr).toContain("bad.jsonl:3 row 2 field `conversation`: is missing");
    expect(result.stderr).toContain("bad.jsonl:4 row 3 field `conversation`: an array is not a string");
    expect(result.stderr).toContain('bad.jsonl:5 row 4 field `conversation_id`: duplicate id "a"');
    await expect(readdir(out)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("names the key of a config mistake", async () => {
    // Prepare
    const config = join(dir, "bad.config.json");
    await writeFile(config, JSON.stringify({ data: { input: "x.jsonl" }, prepare: { sample: { size: "400" } } }));

    // Act
    const result = await judgeloopInProcess("prepare", "--config", config, "--out", join(dir, "unused"));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("prepare.sample.size:");
  });
});
