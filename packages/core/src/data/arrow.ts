import { tableFromIPC, Vector } from "apache-arrow";
import { arrowMetadataProblem } from "./arrow-guard.ts";
import type { LocatedRow, ParseResult, Row } from "./parsed-rows.ts";
import { type DataProblem, DatasetError } from "./problems.ts";

/**
 * The files of a Hugging Face `datasets` split saved with `save_to_disk`: `state.json` names the
 * Arrow IPC stream shards (`data-00000-of-00001.arrow`, …) and `dataset_info.json` describes the
 * features. The caller reads the bytes; parsing stays free of any filesystem.
 */
export interface ArrowDatasetFiles {
  /** The directory, for messages. */
  dir: string;
  datasetInfo: string | null;
  shards: { name: string; bytes: Uint8Array }[];
}

/**
 * The shard file names to read, in order: those `state.json` lists, or, without a state file,
 * every `data-*.arrow` entry of the directory sorted by name.
 *
 * @example
 * arrowShardNames('{"_data_files":[{"filename":"data-00000-of-00001.arrow"}]}', [], "ds");
 * // ["data-00000-of-00001.arrow"]
 */
export function arrowShardNames(stateJson: string | null, dirEntries: readonly string[], dir: string): string[] {
  if (stateJson === null) return dirEntries.filter((name) => /^data-.*\.arrow$/.test(name)).sort();
  let state: unknown;
  try {
    state = JSON.parse(stateJson);
  } catch {
    throw badState(dir, "is not valid JSON");
  }
  const files = (state as { _data_files?: unknown })?._data_files;
  if (!Array.isArray(files)) throw badState(dir, "has no `_data_files` list");
  return files.map((entry, index) => {
    const name = (entry as { filename?: unknown })?.filename;
    if (typeof name !== "string" || name.includes("/") || name.includes("\\") || name.startsWith(".")) {
      throw badState(dir, `\`_data_files[${index}].filename\` is not a plain file name`);
    }
    return name;
  });
}

/**
 * Reads the rows of a `save_to_disk` dataset. Values become plain JSON: 64-bit integers become
 * numbers (strings beyond 2^53), lists become arrays and structs objects.
 *
 * @example
 * const { rows } = parseArrowDataset({ dir: "ds", datasetInfo: null, shards: [{ name, bytes }] });
 */
export function parseArrowDataset(files: ArrowDatasetFiles): ParseResult {
  const problems: DataProblem[] = [];
  const rows: LocatedRow[] = [];
  if (files.datasetInfo !== null && !isJsonObject(files.datasetInfo)) {
    problems.push({ file: `${files.dir}/dataset_info.json`, reason: "is not a JSON object" });
  }
  if (files.shards.length === 0) problems.push({ file: files.dir, reason: "has no Arrow data files" });
  for (const shard of files.shards) {
    const file = `${files.dir}/${shard.name}`;
    const read = readShard(shard.bytes);
    if ("reason" in read) problems.push({ file, reason: read.reason });
    else for (const values of read.rows) rows.push({ values, row: rows.length + 1 });
  }
  return { file: files.dir, rows, problems };
}

/**
 * A valid shard cannot hold more values than 8 per byte (bit-packed booleans); a count beyond
 * that comes from corrupted lengths or offsets, and materializing it would exhaust memory.
 */
const valuesPerByte = 8;
const valueSlack = 1024;
const tooManyValues = "is not an Arrow IPC file (it claims more values than its bytes can hold)";

class ValueBudgetExceeded extends Error {}

function readShard(bytes: Uint8Array): { rows: Row[] } | { reason: string } {
  const unsafe = arrowMetadataProblem(bytes);
  if (unsafe !== undefined) return { reason: `is not an Arrow IPC file (${unsafe})` };
  const budget = { left: bytes.length * valuesPerByte + valueSlack };
  try {
    const table = tableFromIPC(bytes);
    if (table.numRows * Math.max(1, table.numCols) > budget.left) return { reason: tooManyValues };
    return { rows: [...table].map((record) => plainValue(record.toJSON(), budget) as Row) };
  } catch (error) {
    if (error instanceof ValueBudgetExceeded) return { reason: tooManyValues };
    return { reason: `is not an Arrow IPC file (${error instanceof Error ? error.name : "error"})` };
  }
}

function badState(dir: string, reason: string): DatasetError {
  return new DatasetError([{ file: `${dir}/state.json`, reason }]);
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value);
  } catch {
    return false;
  }
}

function plainValue(value: unknown, budget: { left: number }): unknown {
  budget.left -= 1;
  if (budget.left < 0) throw new ValueBudgetExceeded();
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Vector) {
    if (value.length > budget.left) throw new ValueBudgetExceeded();
    return [...value].map((item) => plainValue(item, budget));
  }
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === "object") {
    const source = hasToJson(value) ? value.toJSON() : value;
    const entries = Object.entries(source as Record<string, unknown>);
    return Object.fromEntries(entries.map(([k, v]) => [k, plainValue(v, budget)]));
  }
  return value;
}

function hasToJson(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}
