import type { Field, FieldType } from "../signature/field.ts";
import { maxJsonDepth, nestsDeeperThan } from "../util/json-depth.ts";
import { parseLooseJson } from "./loose-json.ts";
import { excerpt, ParseError } from "./parse-error.ts";
import { pyJsonDumps } from "./python-text.ts";
import { pythonStr } from "./value-format.ts";

/**
 * Converts a value a model produced into the field's type, tolerating the usual spellings
 * (`"True"`, `"yes"`, `"1"` for booleans, numeric strings, enum values in any case, JSON in a
 * string). Throws a ParseError naming the field when the value does not fit.
 *
 * @example
 * coerceFieldValue({ name: "ok", type: { kind: "boolean" } }, "True"); // true
 */
export function coerceFieldValue(field: Field, value: unknown): unknown {
  if (value === null || value === undefined) throw new ParseError(field.name, "is null");
  if (nestsDeeperThan(value, maxJsonDepth))
    throw new ParseError(field.name, `nests deeper than ${maxJsonDepth} levels`);
  const result = coerce(field.type, value);
  if (result.ok) return result.value;
  throw new ParseError(field.name, `${result.reason}, got ${excerpt(value)}`);
}

type Coerced = { ok: true; value: unknown } | { ok: false; reason: string };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const fail = (reason: string): Coerced => ({ ok: false, reason });

function coerce(type: FieldType, value: unknown): Coerced {
  switch (type.kind) {
    case "string":
      return ok(typeof value === "object" ? pyJsonDumps(value) : pythonStr(value));
    case "boolean":
      return toBoolean(value);
    case "number":
      return toNumber(value, false);
    case "integer":
      return toNumber(value, true);
    case "enum":
      return toEnum(type.values, value);
    case "string[]":
      return toStringList(value);
    case "json":
      return toJson(type.schema, value);
  }
}

const trueWords = new Set(["true", "yes", "1"]);
const falseWords = new Set(["false", "no", "0"]);

function toBoolean(value: unknown): Coerced {
  if (typeof value === "boolean") return ok(value);
  if (value === 1 || value === 0) return ok(value === 1);
  if (typeof value === "string") {
    const word = bareWord(value).toLowerCase();
    if (trueWords.has(word)) return ok(true);
    if (falseWords.has(word)) return ok(false);
  }
  return fail("expected true or false");
}

function toNumber(value: unknown, integer: boolean): Coerced {
  const expected = integer ? "expected an integer" : "expected a number";
  const text = typeof value === "string" ? bareWord(value) : undefined;
  const number = typeof value === "number" ? value : text !== undefined && text !== "" ? Number(text) : Number.NaN;
  if (!Number.isFinite(number)) return fail(expected);
  if (integer && !Number.isInteger(number)) return fail(expected);
  return ok(number);
}

function toEnum(values: readonly string[], value: unknown): Coerced {
  const expected = `expected one of ${values.join(", ")}`;
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return fail(expected);
  const raw = String(value);
  if (values.includes(raw)) return ok(raw);
  const wanted = bareWord(raw.trim().replace(/^(?:Literal|str)\[(.*)\]$/s, "$1")).toLowerCase();
  const match = values.find((v) => v.toLowerCase() === wanted);
  return match === undefined ? fail(expected) : ok(match);
}

function toStringList(value: unknown): Coerced {
  const list = typeof value === "string" ? parseLooseJson(value.trim()) : value;
  if (!Array.isArray(list)) return fail("expected a list of strings");
  if (list.some((item) => item === null || typeof item === "object")) return fail("expected a list of strings");
  return ok(list.map(pythonStr));
}

function toJson(schema: Extract<FieldType, { kind: "json" }>["schema"], value: unknown): Coerced {
  const candidate = typeof value === "string" ? parseLooseJson(value.trim()) : value;
  if (candidate === undefined) return fail("expected JSON");
  const result = schema.safeParse(candidate);
  if (result.success) return ok(result.data);
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  return fail(`does not match its schema${where} (${issue?.message ?? "invalid"})`);
}

/** Trims whitespace, a final period and wrapping quotes or backticks: `` `True`. `` -> `True`. */
function bareWord(text: string): string {
  return text
    .trim()
    .replace(/\.$/, "")
    .replace(/^(["'`])(.*)\1$/s, "$2")
    .trim();
}

/**
 * Typed values for every output field of the signature, taken from the parsed answer. Keys
 * match exactly or, failing that, case-insensitively; extra keys are ignored.
 *
 * @example
 * coerceOutputs(signature, { reasoning: "ok", satisfied: "True" }); // { reasoning: "ok", satisfied: true }
 */
export function coerceOutputs(outputs: readonly Field[], values: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of outputs) {
    const key = Object.hasOwn(values, field.name)
      ? field.name
      : Object.keys(values).find((k) => k.toLowerCase() === field.name.toLowerCase());
    if (key === undefined) throw new ParseError(field.name, "is missing from the answer");
    result[field.name] = coerceFieldValue(field, values[key]);
  }
  return result;
}
