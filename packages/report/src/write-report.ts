import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderReport } from "./render-report.ts";
import { parseRunSummary, type RunSummary } from "./summary.ts";

/** The report as strings, for the HTTP API and for callers that store it themselves. */
export interface BuiltReport {
  html: string;
  /** The validated summary as pretty-printed JSON, ending in a newline. */
  summaryJson: string;
}

export interface WrittenReport {
  htmlPath: string;
  summaryPath: string;
}

/** The report's file name inside a run directory. */
export const reportFileName = "report.html";
/** The summary's file name, beside the report. */
export const summaryFileName = "summary.json";

/**
 * Validates the summary and renders both files in memory.
 *
 * @example
 * const { html, summaryJson } = await buildReport(summary);
 */
export async function buildReport(summary: RunSummary): Promise<BuiltReport> {
  const checked = parseRunSummary(summary);
  return { html: await renderReport(checked), summaryJson: `${JSON.stringify(checked, null, 2)}\n` };
}

/**
 * Writes `report.html` and `summary.json` into `dir` (created if missing). Each file is written
 * to a temporary name and renamed, so a reader never sees half a file.
 *
 * @example
 * const { htmlPath } = await writeReport(summary, ".judgeloop/runs/run-1");
 */
export async function writeReport(summary: RunSummary, dir: string): Promise<WrittenReport> {
  const built = await buildReport(summary);
  await mkdir(dir, { recursive: true });
  const summaryPath = join(dir, summaryFileName);
  const htmlPath = join(dir, reportFileName);
  await writeAtomically(summaryPath, built.summaryJson);
  await writeAtomically(htmlPath, built.html);
  return { htmlPath, summaryPath };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text, "utf8");
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
