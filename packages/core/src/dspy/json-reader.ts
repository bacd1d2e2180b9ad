import { JudgeloopError } from "../errors.ts";

/** Where a value sits inside a JSON document: object keys and array indexes, outermost first. */
export type JsonPath = readonly (string | number)[];

/**
 * Renders a path the way people read it: `respond.predict.signature.fields[2]`. Keys are kept
 * verbatim (DSPy's own keys contain dots), indexes go in brackets; the empty path is `(root)`.
 *
 * @example
 * formatPath(["respond.predict", "signature", "fields", 2]); // "respond.predict.signature.fields[2]"
 */
export function formatPath(path: JsonPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? keyText(segment) : `.${keyText(segment)}`;
  }
  return text === "" ? "(root)" : text;
}

// DSPy keys (`critics[0].predict`) stay verbatim; an empty or unusual key is quoted so the path stays readable.
function keyText(key: string): string {
  // JSON.stringify leaves U+2028/U+2029 raw, and some terminals break the line there.
  return /^[\w.[\]-]+$/.test(key)
    ? key
    : JSON.stringify(key).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `null`, `array`, `object`, or the `typeof` name: for "expected X, got Y" messages. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * Reads untrusted JSON with errors that name the path and the reason, all under one error code.
 *
 * @example
 * const read = new JsonReader("bad_dspy_program");
 * const fields = read.array(signature.fields, ["self", "signature", "fields"]);
 */
export class JsonReader {
  constructor(readonly code: string) {}

  fail(path: JsonPath, reason: string): JudgeloopError {
    return new JudgeloopError(this.code, `${formatPath(path)}: ${reason}`);
  }

  record(value: unknown, path: JsonPath): Record<string, unknown> {
    if (!isRecord(value)) throw this.fail(path, `expected an object, got ${jsonTypeOf(value)}`);
    return value;
  }

  array(value: unknown, path: JsonPath): unknown[] {
    if (!Array.isArray(value)) throw this.fail(path, `expected an array, got ${jsonTypeOf(value)}`);
    return value;
  }

  string(value: unknown, path: JsonPath): string {
    if (typeof value !== "string") throw this.fail(path, `expected a string, got ${jsonTypeOf(value)}`);
    return value;
  }

  /** A required string property: absent says "missing NAME", present but wrong names its own path. */
  requiredString(owner: Record<string, unknown>, key: string, path: JsonPath): string {
    if (!(key in owner) || owner[key] === undefined) throw this.fail(path, `missing ${key}`);
    return this.string(owner[key], [...path, key]);
  }

  optionalString(owner: Record<string, unknown>, key: string, path: JsonPath): string | undefined {
    const value = owner[key];
    return value === undefined || value === null ? undefined : this.string(value, [...path, key]);
  }

  /** An optional array property; absent or null reads as empty. */
  optionalArray(owner: Record<string, unknown>, key: string, path: JsonPath): unknown[] {
    const value = owner[key];
    return value === undefined || value === null ? [] : this.array(value, [...path, key]);
  }
}
