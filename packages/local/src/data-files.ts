import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  type ArrowDatasetFiles,
  arrowShardNames,
  DatasetError,
  type DatasetFormat,
  type DatasetSource,
  formatOfPath,
  JudgeloopError,
} from "@judgeloop/core";

export interface ReadDatasetOptions {
  /** Overrides the format the path implies. */
  format?: DatasetFormat;
  /** For a saved DatasetDict (a directory with `dataset_dict.json`): the split to read. */
  split?: string;
}

/**
 * Reads a dataset file or directory into a DatasetSource for core's loaders: JSONL and CSV as
 * text; a Hugging Face `save_to_disk` directory (or one of its DatasetDict splits) as its Arrow
 * shards; a lone `.arrow` file as a one-shard dataset.
 *
 * @example
 * const source = await readDatasetSource("examples/airline-support/conversations.jsonl");
 * const rows = loadRows(source, { schema: conversationSchema });
 */
export async function readDatasetSource(path: string, options: ReadDatasetOptions = {}): Promise<DatasetSource> {
  const info = await stat(path).catch(() => null);
  if (info === null) throw new JudgeloopError("input_not_found", `${path} does not exist`);
  if (info.isDirectory()) return { format: "arrow", files: await readArrowDirectory(path, options.split) };
  if (options.format === "arrow" || path.toLowerCase().endsWith(".arrow")) {
    const bytes = new Uint8Array(await readFile(path));
    return {
      format: "arrow",
      files: { dir: dirname(path), datasetInfo: null, shards: [{ name: basename(path), bytes }] },
    };
  }
  const format = options.format ?? formatOfPath(path);
  if (format === "arrow") {
    throw new JudgeloopError("bad_input", `${path}: cannot tell its format; name it .jsonl, .csv or .arrow`);
  }
  return { format, file: path, text: decodeUtf8(path, await readFile(path)) };
}

/**
 * The file's text; bytes that are not UTF-8 are an error naming the first bad line, not text
 * silently changed to U+FFFD. A byte-order mark is dropped.
 */
function decodeUtf8(path: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const line = firstInvalidLine(bytes);
    throw new DatasetError([{ file: path, line, reason: "is not valid UTF-8 (save the file as UTF-8)" }]);
  }
}

// 0x0a never occurs inside a multi-byte UTF-8 sequence, so each line can be checked alone.
function firstInvalidLine(bytes: Uint8Array): number {
  const strict = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start);
    try {
      strict.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
    } catch {
      return line;
    }
    if (end === -1) return line;
    start = end + 1;
  }
}

async function readArrowDirectory(dir: string, split: string | undefined): Promise<ArrowDatasetFiles> {
  const dict = await readOptional(join(dir, "dataset_dict.json"));
  if (dict === null) return readArrowShards(dir);
  const name = chooseSplit(dir, dict, split);
  if (!(await stat(join(dir, name)).catch(() => null))?.isDirectory()) {
    throw new JudgeloopError("bad_dataset", `${dir}/dataset_dict.json lists split "${name}", which is not a directory`);
  }
  // A split is read as a plain dataset, never through another dataset_dict.json, so no split can loop.
  return readArrowShards(join(dir, name));
}

async function readArrowShards(dir: string): Promise<ArrowDatasetFiles> {
  const entries = await readdir(dir);
  const shardNames = arrowShardNames(await readOptional(join(dir, "state.json")), entries, dir);
  const shards = await Promise.all(
    shardNames.map(async (name) => {
      const bytes = await readFile(join(dir, name)).catch(() => {
        throw new JudgeloopError("bad_dataset", `${dir}/state.json lists ${name}, which does not exist`);
      });
      return { name, bytes: new Uint8Array(bytes) };
    }),
  );
  return { dir, datasetInfo: await readOptional(join(dir, "dataset_info.json")), shards };
}

function chooseSplit(dir: string, dictJson: string, wanted: string | undefined): string {
  let dict: unknown;
  try {
    dict = JSON.parse(dictJson);
  } catch {
    throw new JudgeloopError("bad_dataset", `${dir}/dataset_dict.json is not valid JSON`);
  }
  const splits = (dict as { splits?: unknown } | null)?.splits;
  if (!Array.isArray(splits) || !splits.every((s) => typeof s === "string" && isSplitName(s))) {
    throw new JudgeloopError("bad_dataset", `${dir}/dataset_dict.json has no list of split names`);
  }
  if (wanted !== undefined) {
    if (splits.includes(wanted)) return wanted;
    throw new JudgeloopError("bad_input", `${dir} has no split "${wanted}"; it has ${splits.join(", ")}`);
  }
  if (splits.length === 1) return splits[0] as string;
  throw new JudgeloopError("bad_input", `${dir} holds splits ${splits.join(", ")}: choose one (data.split)`);
}

/** A directory name inside the dataset: `.` and `..` would reread it or leave it. */
function isSplitName(name: string): boolean {
  return /^[\w.-]+$/.test(name) && name !== "." && name !== "..";
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return null;
    throw error;
  }
}
