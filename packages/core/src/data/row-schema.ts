import type { FieldMap } from "./field-map.ts";
import { type LocatedRow, type ParseResult, problemAt, type Row } from "./parsed-rows.ts";
import type { DataProblem } from "./problems.ts";

/** `id`: a non-empty string, or an integer (turned into its decimal string). */
export type FieldKind = "id" | "string" | "boolean" | "number" | "integer";

export interface FieldRule {
  kind: FieldKind;
  /** Missing or null is an error. Default true. */
  required?: boolean;
}

/** The fields a dataset must have; other columns pass through untouched. */
export interface RowSchema {
  fields: Record<string, FieldRule>;
  /** Values of this field must be unique across the file. */
  uniqueField?: string;
  /**
   * With `uniqueField`: the pair (uniqueField, uniqueWith) must be unique instead, so one id may
   * appear once per value of this field (an SME label file with several annotators).
   */
  uniqueWith?: string;
}

/** The rows that passed, with typed values, and every problem found in the others. */
export interface CheckedRows {
  rows: Row[];
  problems: DataProblem[];
}

/**
 * Checks every row against `schema`: missing fields, wrong types and duplicate ids are all
 * collected. Strings from CSV are coerced where the rule asks for booleans or numbers.
 * `map` only improves messages ("`transcript` (column `output_transcript`)").
 *
 * @example
 * const { rows, problems } = checkRows(parsed, { fields: { id: { kind: "id" } }, uniqueField: "id" });
 */
export function checkRows(parsed: ParseResult, schema: RowSchema, map: FieldMap = {}): CheckedRows {
  const problems: DataProblem[] = [];
  const rows: Row[] = [];
  const firstRowOfId = new Map<string, number>();
  for (const located of parsed.rows) {
    const rowProblems = checkRow(parsed.file, located, schema, map);
    const id = schema.uniqueField === undefined ? undefined : located.values[schema.uniqueField];
    // Objects are already reported as bad ids; String() on one from JSON can even throw.
    const idKey = id === undefined || id === null || typeof id === "object" ? undefined : String(id);
    const within = schema.uniqueWith === undefined ? undefined : located.values[schema.uniqueWith];
    const withinKey = within === undefined || within === null || typeof within === "object" ? "" : String(within);
    if (idKey !== undefined && schema.uniqueField !== undefined) {
      const key = schema.uniqueWith === undefined ? idKey : `${idKey}\u0000${withinKey}`;
      const first = firstRowOfId.get(key);
      const of = schema.uniqueWith === undefined ? "" : ` for ${schema.uniqueWith} ${JSON.stringify(withinKey)}`;
      const reason = `duplicate id ${JSON.stringify(idKey)}${of} (first seen in row ${first})`;
      if (first !== undefined) rowProblems.push(problemAt(parsed.file, located, reason, schema.uniqueField));
      else firstRowOfId.set(key, located.row);
    }
    problems.push(...rowProblems);
    if (rowProblems.length === 0) rows.push(coerceRow(located.values, schema));
  }
  return { rows, problems };
}

function checkRow(file: string, located: LocatedRow, schema: RowSchema, map: FieldMap): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const [name, rule] of Object.entries(schema.fields)) {
    const label = map[name] === undefined ? name : `${name} (column \`${map[name]}\`)`;
    const value = located.values[name];
    if (value === undefined || value === null || (rule.kind === "id" && value === "")) {
      if (rule.required !== false) problems.push(problemAt(file, located, "is missing", label));
      continue;
    }
    if (coerce(value, rule.kind) === undefined) {
      problems.push(problemAt(file, located, `${describeValue(value)} is not ${kindNoun[rule.kind]}`, label));
    }
  }
  return problems;
}

function coerceRow(values: Row, schema: RowSchema): Row {
  const out = { ...values };
  for (const [name, rule] of Object.entries(schema.fields)) {
    const value = values[name];
    if (value !== undefined && value !== null) out[name] = coerce(value, rule.kind);
  }
  return out;
}

const kindNoun: Record<FieldKind, string> = {
  id: "an id (a non-empty string or an integer)",
  string: "a string",
  boolean: "a boolean (true/false, yes/no, 1/0)",
  number: "a number",
  integer: "an integer",
};

/** The value as `kind`, or undefined when it cannot be one. */
export function coerce(value: unknown, kind: FieldKind): unknown {
  switch (kind) {
    case "id":
      if (typeof value === "string") return value.trim() === "" ? undefined : value;
      return Number.isSafeInteger(value) ? String(value) : undefined;
    case "string":
      return typeof value === "string" ? value : undefined;
    case "boolean":
      return coerceBoolean(value);
    case "number":
    case "integer": {
      const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof number !== "number" || !Number.isFinite(number)) return undefined;
      return kind === "integer" && !Number.isInteger(number) ? undefined : number;
    }
  }
}

/**
 * Reads a boolean the way spreadsheets and Python write them: true/false, yes/no, 1/0, y/n,
 * in any case. Anything else is undefined.
 *
 * @example
 * coerceBoolean("True"); // true
 * coerceBoolean("maybe"); // undefined
 */
export function coerceBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value !== "string") return undefined;
  const text = value.trim().toLowerCase();
  if (["true", "yes", "y", "1"].includes(text)) return true;
  if (["false", "no", "n", "0"].includes(text)) return false;
  return undefined;
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return value.length > 24 ? `"${value.slice(0, 24)}…"` : JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return String(value);
}
