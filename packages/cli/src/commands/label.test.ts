import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeloopInProcess } from "../testing/in-process.ts";

const exampleConfig = fileURLToPath(
  new URL("../../../../examples/airline-support/reference.config.json", import.meta.url),
);

const judgeloop = judgeloopInProcess;

let dir: string;
let home: string;
let judgeId: string;
let judgeIds: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "judgeloop-label-"));
  home = join(dir, "home");
  const prepared = await judgeloop("prepare", "--config", exampleConfig, "--out", home, "--json");
  judgeId = JSON.parse(prepared.stdout).datasets.judge;
  const rows = await readFile(join(home, "datasets", judgeId, "rows.jsonl"), "utf8");
  judgeIds = rows
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line).conversation_id);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Sequential: the cases share the captured stdout and stderr of this process.
describe("judgeloop label", () => {
  it("imports SME labels for the judge set and reports class balance", async () => {
    // Prepare
    const [a, b, c] = judgeIds;
    const sme = join(dir, "sme.csv");
    await writeFile(
      sme,
      `conversation_id,satisfied,critique\n${a},yes,"Kind, and answers the question."\n${b},no,Ignores it\n${c},true,\n`,
    );

    // Act
    const result = await judgeloop("label", "--dataset", judgeId.slice(0, 10), "--sme", sme, "--out", home, "--json");

    // Assess
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ dataset: judgeId, rows: 3, source: "sme" });
    expect(summary.stats).toMatchObject({ total: 3, satisfied: 2, unsatisfied: 1 });
    expect(summary.unlabelled).toHaveLength(157);
    expect(result.stderr).toContain("labels: 3 (2 satisfied, 1 not; 66.7% satisfied)");
    const manifest = JSON.parse(await readFile(join(home, "datasets", summary.labelled, "version.json"), "utf8"));
    expect(manifest.lineage).toMatchObject({ parent: judgeId, transform: "label" });
  });

  it("rejects an SME file with unknown ids, duplicates and non-boolean verdicts, and writes nothing", async () => {
    // Prepare
    const [a, b] = judgeIds;
    const sme = join(dir, "bad-sme.jsonl");
    await writeFile(
      sme,
      [
        JSON.stringify({ conversation_id: a, satisfied: true, critique: "ok" }),
        JSON.stringify({ conversation_id: "not-in-judge-set", satisfied: false, critique: "?" }),
        JSON.stringify({ conversation_id: a, satisfied: false, critique: "again" }),
        JSON.stringify({ conversation_id: b, satisfied: "sometimes", critique: "hm" }),
      ].join("\n"),
    );
    const isolated = join(dir, "isolated-home");
    await cp(home, isolated, { recursive: true });
    const before = await readdir(join(isolated, "datasets"));

    // Act
    const result = await judgeloop("label", "--dataset", judgeId, "--sme", sme, "--out", isolated);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("3 problems, nothing imported");
    expect(result.stderr).toContain(
      'bad-sme.jsonl:2 row 2 field `conversation_id`: id "not-in-judge-set" is not in the judge set',
    );
    expect(result.stderr).toContain(`bad-sme.jsonl:3 row 3 field \`conversation_id\`: duplicate id "${a}"`);
    expect(result.stderr).toContain('bad-sme.jsonl:4 row 4 field `satisfied`: "sometimes" is not a boolean');
    expect(await readdir(join(isolated, "datasets"))).toEqual(before);
  });

  it("labels transcripts with the gold judge on the simulator", async () => {
    // Prepare
    const transcripts = join(dir, "transcripts.jsonl");
    const reply = (text: string) =>
      `Company: Delta Air Lines\nTranscript so far: Customer: my bag never arrived\nSupport: ${text}`;
    await writeFile(
      transcripts,
      [
        JSON.stringify({
          conversation_id: "g1",
          output_transcript: reply("So sorry about your bag! DM us your bag tag number and we'll track it down."),
        }),
        JSON.stringify({ conversation_id: "g2", output_transcript: reply("Not our problem.") }),
      ].join("\n"),
    );

    // Act
    const result = await judgeloop(
      "label",
      "--dataset",
      transcripts,
      "--gold-model",
      "sim/gold",
      "--out",
      home,
      "--json",
    );

    // Assess
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ source: "gold", model: "sim/gold", simulated: true, rows: 2, failures: [] });
    expect(summary.stats).toMatchObject({ satisfied: 1, unsatisfied: 1 });
    expect(result.stderr).toContain("SIMULATED");
    const rows = (await readFile(join(home, "datasets", summary.labelled, "rows.jsonl"), "utf8")).trim().split("\n");
    expect(rows.map((line) => JSON.parse(line).satisfied)).toEqual([true, false]);
  });

  it("refuses a stored dataset whose rows were edited by hand", async () => {
    // Prepare
    const tampered = join(dir, "tampered-home");
    await cp(home, tampered, { recursive: true });
    const rowsFile = join(tampered, "datasets", judgeId, "rows.jsonl");
    await writeFile(rowsFile, (await readFile(rowsFile, "utf8")).replace("Customer:", "Customer (edited):"));

    // Act
    const result = await judgeloop("label", "--dataset", judgeId, "--gold-model", "sim/gold", "--out", tampered);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`dataset ${judgeId} was modified after it was written`);
  });
});
