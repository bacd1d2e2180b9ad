import { maxJsonDepth, nestsDeeperThan } from "../util/json-depth.ts";
import type { LocatedRow, ParseResult } from "./parsed-rows.ts";
import type { DataProblem } from "./problems.ts";

/**
 * Parses JSON Lines: one JSON object per line, blank lines ignored. Every broken line is
 * reported (with its line number), not just the first.
 *
 * @example
 * const { rows, problems } = parseJsonl('{"id": "a"}\n{"id": "b"}\n', "data.jsonl");
 */
export function parseJsonl(text: string, file: string): ParseResult {
  const rows: LocatedRow[] = [];
  const problems: DataProblem[] = [];
  const lines = stripBom(text).split(/\r?\n/);
  lines.forEach((raw, index) => {
    if (raw.trim() === "") return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ file, line, reason: `is not valid JSON (${describeJsonError(error)})` });
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      problems.push({ file, line, reason: "is not a JSON object" });
      return;
    }
    if (nestsDeeperThan(value, maxJsonDepth)) {
      problems.push({ file, line, reason: `nests deeper than ${maxJsonDepth} levels` });
      return;
    }
    rows.push({ values: value as Record<string, unknown>, row: rows.length + 1, line });
  });
  return { file, rows, problems };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeJsonError(error: unknown): string {
  // V8 quotes a slice of the input in its messages; keep only the reason so data never leaks.
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  return position ? `syntax error at column ${Number(position[1]) + 1}` : "syntax error";
}
