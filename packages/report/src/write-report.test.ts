import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { smallSummary } from "./testing/small-summary.ts";
import { buildReport, writeReport } from "./write-report.ts";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "judgeloop-report-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeReport", () => {
  it("writes report.html and summary.json side by side, creating the directory", async () => {
    const target = join(dir, "runs", "run-small");

    const written = await writeReport(smallSummary(), target);

    expect(written).toEqual({ htmlPath: join(target, "report.html"), summaryPath: join(target, "summary.json") });
    expect(await readFile(written.htmlPath, "utf8")).toMatch(/^<!doctype html>/);
    expect(JSON.parse(await readFile(written.summaryPath, "utf8"))).toEqual(JSON.parse(JSON.stringify(smallSummary())));
  });

  it("replaces existing files and leaves no temporary files behind", async () => {
    await writeFile(join(dir, "report.html"), "old");

    await writeReport(smallSummary(), dir);

    expect((await readdir(dir)).sort()).toEqual(["report.html", "summary.json"]);
    expect(await readFile(join(dir, "report.html"), "utf8")).not.toBe("old");
  });

  it("writes nothing when the summary is invalid", async () => {
    const invalid = { ...smallSummary(), notRun: { generator: "a reason for a section that ran" } };

    await expect(writeReport(invalid, dir)).rejects.toThrow(/notRun\.generator/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("buildReport", () => {
  it("returns the same two documents writeReport writes", async () => {
    const built = await buildReport(smallSummary());

    await writeReport(smallSummary(), dir);

    expect(await readFile(join(dir, "report.html"), "utf8")).toBe(built.html);
    expect(await readFile(join(dir, "summary.json"), "utf8")).toBe(built.summaryJson);
  });
});
