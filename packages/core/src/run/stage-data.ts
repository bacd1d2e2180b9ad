import { loadDatasetVersion } from "../data/dataset-store.ts";
import type { DatasetVersion } from "../data/dataset-version.ts";
import type { Row } from "../data/parsed-rows.ts";
import { JudgeloopError } from "../errors.ts";
import type { EvaluateResult, EvaluationRecord } from "../evaluate/types.ts";
import { Example } from "../module/example.ts";
import { RunStopped, type StageContext } from "./stage-context.ts";
import { runStagePass, type StagePassRequest } from "./stage-pass.ts";
import type { DatasetData } from "./summary-types.ts";

/**
 * A dataset version as the summary lists it: role name, id, size and lineage.
 *
 * @example
 * datasetData("judge-train", datasets.judgeTrain).size; // 110
 */
export function datasetData(name: string, version: DatasetVersion): DatasetData {
  const { parent, transform, seed, params } = version.lineage;
  return { name, id: version.id, size: version.rows.length, lineage: { parent, transform, seed, params } };
}

/**
 * A stored dataset version, by its summary entry.
 *
 * @example
 * const version = await datasetVersion(ctx, requireOutput(ctx, "label").dataset);
 */
export async function datasetVersion(ctx: StageContext, data: DatasetData): Promise<DatasetVersion> {
  return loadDatasetVersion(ctx.artifacts, data.id);
}

/**
 * The rows of a stored dataset version.
 *
 * @example
 * const rows = await datasetRows(ctx, requireOutput(ctx, "prepare").datasets.judge);
 */
export async function datasetRows(ctx: StageContext, data: DatasetData): Promise<Row[]> {
  return (await datasetVersion(ctx, data)).rows;
}

/**
 * The conversation id of a row, the key every result is joined on.
 *
 * @example
 * rowId({ conversation_id: "twcs-332" }); // "twcs-332"
 */
export function rowId(row: Row): string {
  return String(row.conversation_id);
}

/**
 * Examples of `rows` with the given inputs (and every other field as a label), keyed by id.
 *
 * @example
 * examplesOf(rows, { transcript: "output_transcript" }, ["satisfied", "critique"]);
 */
export function examplesOf(
  rows: readonly Row[],
  inputs: Record<string, string>,
  labels: readonly string[] = [],
): Example[] {
  return rows.map((row) => {
    const values: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(inputs)) values[field] = row[column];
    for (const label of labels) values[label] = row[label];
    return new Example(values, { id: rowId(row), inputs: Object.keys(inputs) });
  });
}

/**
 * Runs a stage pass (see runStagePass: one job per example, through the run's job runtime)
 * with the run's progress; a budget stop ends the run cleanly (RunStopped), since a stage
 * cannot continue on a partial pass.
 *
 * @example
 * const result = await evaluateInStage(ctx, { program, examples, metric: { kind: "none" }, model, unit: "replies" });
 */
export async function evaluateInStage(ctx: StageContext, evaluation: StagePassRequest): Promise<EvaluateResult> {
  const result = await runStagePass(ctx, evaluation);
  if (result.stoppedReason === "budget_exceeded") {
    throw new RunStopped("budget_exceeded", result.stoppedMessage ?? "the run's budget is spent");
  }
  if (result.stoppedReason === "cancelled") throw new RunStopped("cancelled", "the run was cancelled");
  throwIfSystemic(result.records);
  return result;
}

/**
 * Fails the stage on errors that no example can get past: a replay that misses the cache, or
 * every example failing (a wrong key, a provider that is down). Single failures stay records.
 *
 * @example
 * throwIfSystemic(result.records);
 */
export function throwIfSystemic(records: readonly EvaluationRecord[]): void {
  const missed = records.filter((r) => r.errorKind === "cache_miss");
  if (missed.length > 0) {
    throw new JudgeloopError(
      "cache_miss",
      `${missed.length} calls have no cached answer (${missed[0]?.errorMessage ?? "replay"})`,
    );
  }
  const failed = records.filter((r) => r.status === "error");
  if (records.length > 0 && failed.length === records.length) {
    const first = failed[0];
    throw new JudgeloopError(
      "stage_failed",
      `every call failed; the first: ${first?.errorKind}: ${first?.errorMessage ?? ""}`,
    );
  }
}
