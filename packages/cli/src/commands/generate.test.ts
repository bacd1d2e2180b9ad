import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeloopInProcess as judgeloop } from "../testing/in-process.ts";

const referenceConfig = fileURLToPath(
  new URL("../../../../examples/airline-support/reference.config.json", import.meta.url),
);

let home: string;
let judgeSet: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "judgeloop-generate-"));
  const prepared = await judgeloop("prepare", "--config", referenceConfig, "--out", home, "--json");
  judgeSet = JSON.parse(prepared.stdout).datasets.judge;
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("judgeloop generate", () => {
  it("appends the generator's reply as a Support turn to every conversation and stores a child version", async () => {
    const { code, stdout, stderr } = await judgeloop("generate", "--dataset", judgeSet, "--out", home, "--json");

    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ dataset: judgeSet, rows: 160, failed: [], simulated: true });
    expect(stderr).toContain("SIMULATED");
    const label = await judgeloop(
      "label",
      "--dataset",
      result.generated,
      "--gold-model",
      "sim/gold",
      "--out",
      home,
      "--json",
    );
    expect(label.code).toBe(0);
    expect(JSON.parse(label.stdout).stats.total).toBe(160);
  });

  it("gives the same dataset id when run again", async () => {
    const first = JSON.parse((await judgeloop("generate", "--dataset", judgeSet, "--out", home, "--json")).stdout);
    const second = JSON.parse((await judgeloop("generate", "--dataset", judgeSet, "--out", home, "--json")).stdout);

    expect(second.generated).toBe(first.generated);
  });

  it("refuses a dataset reference that is neither a file nor an id, in one line", async () => {
    const { code, stderr } = await judgeloop("generate", "--dataset", "not-a-dataset", "--out", home);

    expect(code).toBe(1);
    expect(stderr).toContain("--dataset not-a-dataset is neither a file nor a dataset id");
  });
});
