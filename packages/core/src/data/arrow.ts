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
    const unsafe = arrowMetadataProblem(shard.bytes);
    if (unsafe !== undefined) {
      problems.push({ file, reason: `is not an Arrow IPC file (${unsafe})` });
      continue;
    }
    try {
      for (const record of tableFromIPC(shard.bytes)) {
        rows.push({ values: plainValue(record.toJSON()) as Row, row: rows.length + 1 });
      }
    } catch (error) {
      problems.push({ file, reason: `is not an Arrow IPC file (${error instanceof Error ? error.name : "error"})` });
    }
  }
  return { file: files.dir, rows, problems };
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

function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Vector) return [...value].map(plainValue);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === "object") {
    const source = hasToJson(value) ? value.toJSON() : value;
    return Object.fromEntries(Object.entries(source as Record<string, unknown>).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}

function hasToJson(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}
