import {
  applyRunPatch,
  JudgeloopError,
  newRunRecord,
  type RunPatch,
  type RunRecord,
  type StageRecord,
  type TrialRecord,
  toJsonText,
} from "@judgeloop/core";
import { tableKeys } from "./table.ts";

/** Run fields kept as plain strings (status is filtered on; times sort); the rest are JSON text. */
const stringFields: ReadonlySet<string> = new Set([
  "id",
  "kind",
  "status",
  "createdAt",
  "updatedAt",
  "startedAt",
  "finishedAt",
]);
const keyAttributes: ReadonlySet<string> = new Set(Object.values(tableKeys));

/** Everything of one run lives in its partition; only these sort keys are used in it. */
export const runKeys = {
  partition: (runId: string) => `RUN#${runId}`,
  run: "RUN",
  trialPrefix: "TRIAL#",
  // "/" cannot occur in a stage name, so the stage ends where it starts.
  trial: (trial: TrialRecord) => `TRIAL#${trial.stage}/${String(trial.index).padStart(10, "0")}`,
  result: (jobId: string) => `RESULT#${jobId}`,
  counter: (name: string) => `COUNTER#${name}`,
  /** The `gsi1` partition a run is listed under: one of `runsIndexShards`, by a hash of its id. */
  runsIndexPartition: (runId: string) => `RUNS#${String(runShard(runId)).padStart(2, "0")}`,
  /** Every `gsi1` partition runs may be listed under, including `RUNS` of tables written before sharding. */
  runsIndexPartitions: (): string[] => [
    ...Array.from({ length: runsIndexShards }, (_, shard) => `RUNS#${String(shard).padStart(2, "0")}`),
    legacyRunsIndexPartition,
  ],
};

/**
 * Runs are spread over this many `gsi1` partitions, so no single index key takes every run's
 * writes (one partition key of a GSI is limited to one partition's throughput); listing queries
 * all of them and merges.
 */
export const runsIndexShards = 16;
/** The one partition every run used to be listed under; still read, never written. */
const legacyRunsIndexPartition = "RUNS";

/** A run's shard: FNV-1a of its id, so the same run always lands in the same partition. */
function runShard(runId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < runId.length; index++) {
    hash ^= runId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % runsIndexShards;
}

/** The `gsi1sk` of a run: newest first is descending order of this. */
export function runIndexSort(run: { createdAt: string; id: string }): string {
  return `${run.createdAt}#${run.id}`;
}

export type Item = Record<string, unknown>;

/**
 * The DynamoDB item of a run. Opaque JSON (input, result, spend, progress, each stage, each
 * error) is stored as JSON text: DynamoDB maps cannot hold every JSON number or nest past 32
 * levels, and text round-trips exactly.
 *
 * @example
 * await documents.send(new PutCommand({ TableName, Item: runItem(run) }));
 */
export function runItem(run: RunRecord): Item {
  const item: Item = {
    [tableKeys.partition]: runKeys.partition(run.id),
    [tableKeys.sort]: runKeys.run,
    [tableKeys.indexPartition]: runKeys.runsIndexPartition(run.id),
    [tableKeys.indexSort]: runIndexSort(run),
  };
  for (const [field, value] of Object.entries(run)) {
    if (value !== undefined) item[field] = encodeField(run.id, field, value);
  }
  return item;
}

/** The run an item holds. */
export function runFromItem(item: Item): RunRecord {
  const run: Item = {};
  for (const [field, value] of Object.entries(item)) {
    if (keyAttributes.has(field)) continue;
    run[field] = decodeField(field, value);
  }
  return run as unknown as RunRecord;
}

/** The parts of an UpdateItem call that apply a RunPatch in one request. */
export interface RunUpdate {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/**
 * One `SET` per patched field, one per replaced stage and a `list_append` for new errors, so
 * patches of different fields or stages never undo each other. Null for an empty patch.
 * The patch is checked as `applyRunPatch` checks it for the other adapters.
 *
 * @example
 * runUpdate("run-1", { status: "running", stages: { prepare: { status: "running" } } });
 */
export function runUpdate(runId: string, patch: RunPatch): RunUpdate | null {
  applyRunPatch(newRunRecord({ id: runId, kind: "patch-check", input: null, now: "" }), patch);
  const { stages, addErrors, ...fields } = patch;
  const sets: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assign = (path: string, value: unknown) => {
    const placeholder = `:v${sets.length}`;
    values[placeholder] = value;
    sets.push(`${path} = ${placeholder}`);
  };
  Object.entries(fields).forEach(([field, value], position) => {
    if (value === undefined) return;
    names[`#f${position}`] = field;
    assign(`#f${position}`, encodeField(runId, field, value));
  });
  Object.entries(stages ?? {}).forEach(([stage, record], position) => {
    names["#stages"] = "stages";
    names[`#s${position}`] = stage;
    assign(`#stages.#s${position}`, toJsonText(record, `run ${runId} stage ${stage}`));
  });
  if (addErrors && addErrors.length > 0) {
    names["#errors"] = "errors";
    values[":newErrors"] = addErrors.map((error) => toJsonText(error, `run ${runId} error`));
    sets.push("#errors = list_append(#errors, :newErrors)");
  }
  if (sets.length === 0) return null;
  return {
    UpdateExpression: `SET ${sets.join(", ")}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

function encodeField(runId: string, field: string, value: unknown): unknown {
  if (field === "stages") {
    const stages = Object.entries(value as Record<string, StageRecord>);
    return Object.fromEntries(stages.map(([name, stage]) => [name, toJsonText(stage, `run ${runId} stage ${name}`)]));
  }
  if (field === "errors") return (value as unknown[]).map((error) => toJsonText(error, `run ${runId} error`));
  if (!stringFields.has(field)) return toJsonText(value, `run ${runId} field ${field}`);
  if (typeof value !== "string") {
    throw new JudgeloopError("bad_run", `run ${runId}: ${field} must be a string, got ${typeof value}`);
  }
  return value;
}

function decodeField(field: string, value: unknown): unknown {
  if (field === "stages") {
    const stages = Object.entries(value as Record<string, string>);
    return Object.fromEntries(stages.map(([name, text]) => [name, JSON.parse(text)]));
  }
  if (field === "errors") return (value as string[]).map((text) => JSON.parse(text));
  return stringFields.has(field) ? value : JSON.parse(value as string);
}
