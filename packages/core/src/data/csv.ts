import { parse } from "csv-parse/sync";
import type { LocatedRow, ParseResult } from "./parsed-rows.ts";
import type { DataProblem } from "./problems.ts";

interface RecordWithInfo {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/**
 * Parses CSV with a header row (RFC 4180: quoted fields, doubled quotes, newlines inside quotes).
 * Values stay strings; typed fields are coerced by the consumer. Rows with the wrong number of
 * fields are reported with their first line; a structural error (an unclosed quote) ends parsing.
 *
 * @example
 * const { rows } = parseCsv('id,text\n1,"two\nlines"\n', "data.csv");
 * rows[0]?.values; // { id: "1", text: "two\nlines" }
 */
export function parseCsv(text: string, file: string): ParseResult {
  let records: RecordWithInfo[];
  try {
    records = parseWithInfo(text, {});
  } catch (error) {
    return { file, rows: [], problems: [csvErrorProblem(file, text, error)] };
  }
  const [header, ...data] = records;
  if (header === undefined) return { file, rows: [], problems: [{ file, reason: "is empty (no header row)" }] };
  const problems = checkHeader(file, header.record);
  const rows: LocatedRow[] = [];
  let previous = header.info;
  data.forEach((entry, index) => {
    const line = previous.lines + 1 + (entry.info.empty_lines - previous.empty_lines);
    previous = entry.info;
    const row = index + 1;
    if (entry.record.length !== header.record.length) {
      const reason = `has ${entry.record.length} fields, the header has ${header.record.length}`;
      problems.push({ file, line, row, reason });
      return;
    }
    const values = Object.fromEntries(header.record.map((name, column) => [name, entry.record[column]]));
    rows.push({ values, row, line });
  });
  return { file, rows, problems };
}

/** csv-parse's types do not model `info: true`, which wraps each record with its position. */
function parseWithInfo(text: string, limits: { to?: number }): RecordWithInfo[] {
  const options = { info: true, relax_column_count: true, skip_empty_lines: true, bom: true, ...limits };
  return parse(text, options) as unknown as RecordWithInfo[];
}

function checkHeader(file: string, names: string[]): DataProblem[] {
  const problems: DataProblem[] = [];
  const seen = new Set<string>();
  names.forEach((name, column) => {
    if (name.trim() === "") problems.push({ file, line: 1, reason: `header column ${column + 1} has no name` });
    else if (seen.has(name)) problems.push({ file, line: 1, field: name, reason: "header names this column twice" });
    seen.add(name);
  });
  return problems;
}

function csvErrorProblem(file: string, text: string, error: unknown): DataProblem {
  const { code, records } = error as { code?: unknown; records?: unknown };
  const reason =
    code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted field in this record is never closed" : `is not valid CSV (${code})`;
  if (typeof records !== "number") return { file, reason };
  return { file, line: lineAfterRecords(text, records), reason };
}

/** The line after the first `count` records: where the record that broke the parse starts. */
function lineAfterRecords(text: string, count: number): number {
  if (count === 0) return 1;
  const parsed = parseWithInfo(text, { to: count });
  return (parsed[parsed.length - 1]?.info.lines ?? 0) + 1;
}
