import { JudgeloopError } from "../errors.ts";
import type { LocatedRow, ParseResult } from "./parsed-rows.ts";

/** Field renames: the name the pipeline expects → the column the file has. */
export type FieldMap = Record<string, string>;

/**
 * Parses `--map` options of the form `target=source` (`transcript=output_transcript`).
 *
 * @example
 * parseFieldMap(["transcript=output_transcript"]); // { transcript: "output_transcript" }
 */
export function parseFieldMap(specs: readonly string[]): FieldMap {
  const map: FieldMap = {};
  for (const spec of specs) {
    const match = /^\s*([^=\s]+)\s*=\s*([^=]+?)\s*$/.exec(spec);
    if (!match?.[1] || !match[2]) {
      throw new JudgeloopError("bad_field_map", `--map ${JSON.stringify(spec)}: expected target=source`);
    }
    if (Object.hasOwn(map, match[1])) throw new JudgeloopError("bad_field_map", `--map names \`${match[1]}\` twice`);
    setOwn(map, match[1], match[2]);
  }
  return map;
}

/**
 * Renames columns in every row: each target takes its source's value and the source name goes
 * away (unless it is itself a target). A source absent from a row leaves the target absent, so
 * the row check can report it once with both names.
 *
 * @example
 * applyFieldMap(parsed, { transcript: "output_transcript" });
 */
export function applyFieldMap(parsed: ParseResult, map: FieldMap): ParseResult {
  const entries = Object.entries(map);
  if (entries.length === 0) return parsed;
  const rows = parsed.rows.map((located): LocatedRow => {
    const values = { ...located.values };
    for (const [, source] of entries) delete values[source];
    for (const [target, source] of entries) {
      if (Object.hasOwn(located.values, source)) setOwn(values, target, located.values[source]);
      else delete values[target];
    }
    return { ...located, values };
  });
  return { ...parsed, rows };
}

// A plain assignment to `__proto__` would replace the prototype instead of adding a column.
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
