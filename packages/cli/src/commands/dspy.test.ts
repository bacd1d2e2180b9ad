import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { exportDspyProgram, importDspyProgram } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../../bin/judgeloop.js", import.meta.url));
const fixtures = fileURLToPath(new URL("../../../../../shared/fixtures/dspy-programs/", import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `judgeloop` executable, as a user would. */
async function judgeloop(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "judgeloop-dspy-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each run starts a process (about two seconds of TypeScript loading), so the cases run concurrently.
describe.concurrent("judgeloop import-dspy", () => {
  it("writes the judgeloop program and prints what it imported", async () => {
    // Prepare
    const out = join(dir, "programs", "rag.json");

    // Act
    const result = await judgeloop("import-dspy", join(fixtures, "hello-dspy.optimized_rag.json"), "--out", out);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("respond (chain_of_thought): context, question -> reasoning, response, 2 demos");
    const written = JSON.parse(await readFile(out, "utf8"));
    expect(written.format).toBe("judgeloop.program/1");
    expect(Object.keys(written.predictors)).toEqual(["respond"]);
  });

  it("prints {out, predictors} with --json", async () => {
    // Prepare
    const out = join(dir, "lear.json");

    // Act
    const result = await judgeloop(
      "import-dspy",
      join(fixtures, "lear.optimized_program.json"),
      "--out",
      out,
      "--name",
      "netlogo",
      "--json",
    );

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      out,
      predictors: [
        {
          name: "netlogo",
          kind: "chain_of_thought",
          inputs: ["pseudocode"],
          outputs: ["reasoning", "netlogo_code"],
          demos: 0,
          lm: null,
        },
      ],
    });
  });

  it("fails naming the JSON path and leaves no file behind", async () => {
    // Prepare
    const bad = join(dir, "bad-input.json");
    const out = join(dir, "bad-output.json");
    await writeFile(bad, JSON.stringify({ "respond.predict": { signature: { instructions: "i", fields: [{}] } } }));

    // Act
    const result = await judgeloop("import-dspy", bad, "--out", out);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("respond.predict.signature.fields[0]: missing prefix [bad_dspy_program]");
    expect((await readdir(dir)).filter((name) => name.startsWith("bad-output"))).toEqual([]);
  });
});

describe.concurrent("judgeloop export-dspy", () => {
  it("writes DSPy 3.x JSON that imports back to the same program", async () => {
    // Prepare
    const state = importDspyProgram(
      JSON.parse(await readFile(join(fixtures, "hello-dspy.optimized_rag.json"), "utf8")),
    );
    const program = join(dir, "rag-program.json");
    const exported = join(dir, "rag.dspy.json");
    await writeFile(program, JSON.stringify(state));

    // Act
    const result = await judgeloop("export-dspy", program, "--out", exported, "--json");

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ out: exported, predictors: [{ name: "respond" }] });
    const dspy = JSON.parse(await readFile(exported, "utf8"));
    expect(dspy).toEqual(exportDspyProgram(state));
    expect(Object.keys(dspy)).toEqual(["respond.predict", "metadata"]);
    expect(importDspyProgram(dspy)).toEqual(state);
  });

  it("refuses a file that is not a judgeloop program", async () => {
    // Act
    const result = await judgeloop(
      "export-dspy",
      join(fixtures, "lear.optimized_program.json"),
      "--out",
      join(dir, "x.json"),
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("missing format");
  });
});
