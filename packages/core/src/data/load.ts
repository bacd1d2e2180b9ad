import { type ArrowDatasetFiles, parseArrowDataset } from "./arrow.ts";
import { parseCsv } from "./csv.ts";
import { applyFieldMap, type FieldMap } from "./field-map.ts";
import { parseJsonl } from "./jsonl.ts";
import type { ParseResult, Row } from "./parsed-rows.ts";
import { throwIfProblems } from "./problems.ts";
import { checkRows, type RowSchema } from "./row-schema.ts";

export type DatasetFormat = "jsonl" | "csv" | "arrow";

/** The content of a dataset as read by an adapter: text for JSONL/CSV, the files for Arrow. */
export type DatasetSource =
  | { format: "jsonl" | "csv"; file: string; text: string }
  | { format: "arrow"; files: ArrowDatasetFiles };

export interface LoadRowsOptions {
  schema: RowSchema;
  map?: FieldMap;
}

/**
 * The format a file name implies: `.csv` is CSV, `.jsonl`/`.ndjson`/`.json` is JSON Lines;
 * anything else (a directory) is a `save_to_disk` Arrow dataset.
 *
 * @example
 * formatOfPath("data/conversations.jsonl"); // "jsonl"
 */
export function formatOfPath(path: string): DatasetFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (/\.(jsonl|ndjson|json)$/.test(lower)) return "jsonl";
  return "arrow";
}

/**
 * Parses a source into located rows and syntax problems, without checking fields.
 *
 * @example
 * const { rows, problems } = parseSource({ format: "csv", file: "sme.csv", text });
 */
export function parseSource(source: DatasetSource): ParseResult {
  if (source.format === "arrow") return parseArrowDataset(source.files);
  return source.format === "csv" ? parseCsv(source.text, source.file) : parseJsonl(source.text, source.file);
}

/**
 * Parses, renames (`map`) and checks a dataset. Syntax errors, missing fields, wrong types and
 * duplicate ids are collected together and thrown as one DatasetError; nothing partial is
 * returned, so a bad file never becomes a dataset.
 *
 * @example
 * const rows = loadRows({ format: "jsonl", file: "c.jsonl", text }, { schema: conversationSchema });
 */
export function loadRows(source: DatasetSource, options: LoadRowsOptions): Row[] {
  const parsed = applyFieldMap(parseSource(source), options.map ?? {});
  const checked = checkRows(parsed, options.schema, options.map);
  throwIfProblems([...parsed.problems, ...checked.problems]);
  return checked.rows;
}
