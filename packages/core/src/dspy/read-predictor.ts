import type { Demo } from "../module/state.ts";
import type { FieldRole } from "../signature/signature.ts";
import type { JsonPath, JsonReader } from "./json-reader.ts";

/**
 * How a predictor's signature is stored, by DSPy release:
 * - `flat` (before 2.5.3): `signature_instructions` and the last field's `signature_prefix` only
 *   (plus `extended_signature_*` for ChainOfThought, and a named `fields` list when saved verbose);
 * - `extended_signature` (2.5.x ChainOfThought): `signature` and `extended_signature`, both
 *   `{instructions, fields: [{prefix, description}]}`; DSPy loads the extended one;
 * - `signature` (2.5.3 and later, including 2.6 and 3.x): `signature` alone.
 */
export type DspyGeneration = "flat" | "extended_signature" | "signature";

/** One field as DSPy saved it; name and role are known only from a verbose flat save. */
export interface RawField {
  prefix?: string;
  description?: string;
  name?: string;
  role?: FieldRole;
}

/** A predictor's saved state, read and checked but not yet mapped onto named fields. */
export interface RawPredictor {
  key: string;
  generation: DspyGeneration;
  instructions: string | undefined;
  /** Undefined for a flat save without a field list: only the last field's prefix survives. */
  fields: RawField[] | undefined;
  /** Where `fields` came from, for error messages. */
  fieldsPath: JsonPath;
  lastPrefix: string | undefined;
  /** Saved by ChainOfThought before 2.6 (it kept an extended signature with the rationale). */
  chainOfThought: boolean;
  demos: Demo[];
  lm: string | null;
}

/**
 * Reads one entry of a DSPy saved program, whatever its format generation.
 *
 * @example
 * const raw = readDspyPredictor("respond.predict", json["respond.predict"], new JsonReader("bad_dspy_program"));
 * raw.generation; // "signature"
 */
export function readDspyPredictor(key: string, value: unknown, read: JsonReader): RawPredictor {
  const path = [key];
  const entry = read.record(value, path);
  const common = { key, demos: readDemos(entry, path, read), lm: readLM(entry.lm, [...path, "lm"], read) };
  if (entry.extended_signature !== undefined || entry.signature !== undefined) {
    const signatureKey = entry.extended_signature !== undefined ? "extended_signature" : "signature";
    const signaturePath = [...path, signatureKey];
    const signature = read.record(entry[signatureKey], signaturePath);
    return {
      ...common,
      generation: signatureKey === "signature" ? "signature" : "extended_signature",
      instructions: read.requiredString(signature, "instructions", signaturePath),
      fields: readFields(signature, signaturePath, read),
      fieldsPath: [...signaturePath, "fields"],
      lastPrefix: undefined,
      chainOfThought: signatureKey === "extended_signature",
    };
  }
  if (isFlat(entry)) return { ...common, ...readFlat(entry, path, read) };
  throw read.fail(path, 'no signature (expected "signature", or "signature_instructions" before DSPy 2.5.3)');
}

function readFields(signature: Record<string, unknown>, path: JsonPath, read: JsonReader): RawField[] {
  if (signature.fields === undefined) throw read.fail(path, "missing fields");
  const fields = read.array(signature.fields, [...path, "fields"]);
  if (fields.length === 0) throw read.fail([...path, "fields"], "is empty; a signature needs at least one field");
  return fields.map((value, i) => {
    const fieldPath = [...path, "fields", i];
    const field = read.record(value, fieldPath);
    return {
      prefix: read.requiredString(field, "prefix", fieldPath),
      description: read.requiredString(field, "description", fieldPath),
    };
  });
}

const flatKeys = [
  "signature_instructions",
  "signature_prefix",
  "extended_signature_instructions",
  "extended_signature_prefix",
];

function isFlat(entry: Record<string, unknown>): boolean {
  return flatKeys.some((key) => entry[key] !== undefined);
}

// ChainOfThought's extended signature is the one it ran with, so its values win.
function readFlat(entry: Record<string, unknown>, path: JsonPath, read: JsonReader) {
  const text = (key: string) => read.optionalString(entry, key, path);
  const chainOfThought =
    entry.extended_signature_instructions !== undefined || entry.extended_signature_prefix !== undefined;
  return {
    generation: "flat" as const,
    instructions: text("extended_signature_instructions") ?? text("signature_instructions"),
    fields: entry.fields === undefined ? undefined : readVerboseFields(entry.fields, [...path, "fields"], read),
    fieldsPath: [...path, "fields"],
    lastPrefix: text("extended_signature_prefix") ?? text("signature_prefix"),
    chainOfThought,
  };
}

// DSPy 2.4.13–2.5.2 could save `fields: [{name, field_type, description, prefix}]` (save_verbose).
function readVerboseFields(value: unknown, path: JsonPath, read: JsonReader): RawField[] {
  return read.array(value, path).map((item, i) => {
    const fieldPath = [...path, i];
    const field = read.record(item, fieldPath);
    const role = read.requiredString(field, "field_type", fieldPath);
    if (role !== "input" && role !== "output") {
      throw read.fail([...fieldPath, "field_type"], `expected "input" or "output", got "${role}"`);
    }
    return {
      name: read.requiredString(field, "name", fieldPath),
      role,
      ...optional("prefix", read.optionalString(field, "prefix", fieldPath)),
      ...optional("description", read.optionalString(field, "description", fieldPath)),
    };
  });
}

function readDemos(entry: Record<string, unknown>, path: JsonPath, read: JsonReader): Demo[] {
  return read.optionalArray(entry, "demos", path).map((value, i) => {
    const demoPath = [...path, "demos", i];
    const demo = read.record(value, demoPath);
    if (demo.augmented !== undefined && typeof demo.augmented !== "boolean") {
      throw read.fail([...demoPath, "augmented"], "expected a boolean");
    }
    return structuredClone(demo) as Demo;
  });
}

// Only the model string is kept: DSPy's LM state can carry api_key and endpoints, never copied.
function readLM(value: unknown, path: JsonPath, read: JsonReader): string | null {
  if (value === undefined || value === null) return null;
  const lm = read.record(value, path);
  return read.optionalString(lm, "model", path) ?? null;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
