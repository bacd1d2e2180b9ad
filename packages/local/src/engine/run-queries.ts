import {
  type ListRunsOptions,
  type MeterReading,
  type RunRecord,
  readMeter,
  summaryOfStoredRun,
} from "@judgeloop/core";
import { type WrittenReport, writeReport } from "@judgeloop/report";
import { openLocalRuntime, runDirectory } from "./local-runtime.ts";

/**
 * The runs of a judgeloop home, newest first.
 *
 * @example
 * for (const run of await listLocalRuns(".judgeloop")) console.log(run.id, run.status);
 */
export async function listLocalRuns(home: string, options: ListRunsOptions = {}): Promise<RunRecord[]> {
  const runtime = openLocalRuntime(home);
  try {
    return await runtime.stores.runs.listRuns(options);
  } finally {
    runtime.close();
  }
}

/**
 * One run's record and LM counters, or null when the home has no such run.
 *
 * @example
 * const found = await localRun(".judgeloop", runId);
 */
export async function localRun(home: string, runId: string): Promise<{ run: RunRecord; meter: MeterReading } | null> {
  const runtime = openLocalRuntime(home);
  try {
    const run = await runtime.stores.runs.getRun(runId);
    return run === null ? null : { run, meter: await readMeter(runtime.stores.runs, runId) };
  } finally {
    runtime.close();
  }
}

/**
 * Writes a run's report and summary.json from its stored stage outputs (no model is called),
 * into `<home>/runs/<runId>/`.
 *
 * @example
 * const { htmlPath } = await buildRunReport("run-20260314-101503-3fa2", { home: ".judgeloop" });
 */
export async function buildRunReport(runId: string, options: { home: string }): Promise<WrittenReport> {
  const runtime = openLocalRuntime(options.home);
  try {
    const summary = await summaryOfStoredRun(runId, {
      runs: runtime.stores.runs,
      artifacts: runtime.artifacts,
      now: () => new Date().toISOString(),
    });
    return await writeReport(summary, runDirectory(options.home, runId));
  } finally {
    runtime.close();
  }
}
