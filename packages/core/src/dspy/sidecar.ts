import type { PredictorKind, PredictorState, ProgramState } from "../module/state.ts";
import type { FieldTypeState } from "../signature/field.ts";
import type { FieldRole, FieldState } from "../signature/signature.ts";
import { defaultDescription, defaultPrefix } from "./field-names.ts";
import type { JsonPath, JsonReader } from "./json-reader.ts";
import type { RawField } from "./read-predictor.ts";

/**
 * What DSPy's format cannot hold, written by export under `metadata.judgeloop` so that import
 * restores the program exactly: field names, roles and types, the predictor's name, kind and
 * adapter, the program's name and metadata. DSPy reads only `metadata.dependency_versions` and
 * ignores it; a file re-saved by DSPy loses it and is imported like any DSPy save.
 */
export interface Sidecar {
  name?: string;
  metadata?: Record<string, unknown>;
  /** By DSPy key. */
  predictors: Record<string, SidecarPredictor>;
}

export interface SidecarPredictor {
  name: string;
  kind: PredictorKind;
  adapter?: "json" | "chat";
  fields: SidecarField[];
}

export interface SidecarField {
  name: string;
  role: FieldRole;
  /** Omitted for strings. */
  type?: FieldTypeState;
  /** Set in DSPy's file to its default, but absent from the judgeloop field. */
  unset?: ("prefix" | "description")[];
}

export const sidecarKey = "judgeloop";

/**
 * Describes one predictor for the sidecar.
 *
 * @example
 * sidecarPredictor("judge", state.predictors.judge).fields[0]; // { name: "transcript", role: "input", unset: [...] }
 */
export function sidecarPredictor(name: string, predictor: PredictorState): SidecarPredictor {
  const describe = (role: FieldRole) => (field: FieldState) => {
    const unset = [
      ...(field.prefix === undefined ? (["prefix"] as const) : []),
      ...(field.description === undefined ? (["description"] as const) : []),
    ];
    return {
      name: field.name,
      role,
      ...(field.type.kind !== "string" && { type: field.type }),
      ...(unset.length > 0 && { unset }),
    };
  };
  const { inputs, outputs } = predictor.signature;
  return {
    name,
    kind: predictor.kind,
    ...(predictor.adapter !== undefined && { adapter: predictor.adapter }),
    fields: [...inputs.map(describe("input")), ...outputs.map(describe("output"))],
  };
}

/** The sidecar of a whole program (the predictors keyed as in the DSPy file). */
export function programSidecar(state: ProgramState, predictors: Record<string, SidecarPredictor>): Sidecar {
  return {
    ...(state.name !== undefined && { name: state.name }),
    ...(state.metadata !== undefined && { metadata: structuredClone(state.metadata) }),
    predictors,
  };
}

/**
 * Reads `metadata.judgeloop`; undefined when absent. It is ours, but the file may have been
 * edited by hand, so its shape is checked: a malformed sidecar is an error naming its path.
 *
 * @example
 * readSidecar(json.metadata, new JsonReader("bad_dspy_program"))?.predictors["judge.predict"]?.name; // "judge"
 */
export function readSidecar(metadata: Record<string, unknown>, read: JsonReader): Sidecar | undefined {
  const value = metadata[sidecarKey];
  if (value === undefined) return undefined;
  const path = ["metadata", sidecarKey];
  const sidecar = read.record(value, path);
  const predictors = read.record(sidecar.predictors, [...path, "predictors"]);
  const name = read.optionalString(sidecar, "name", path);
  return {
    ...(name !== undefined && { name }),
    ...(sidecar.metadata !== undefined && { metadata: read.record(sidecar.metadata, [...path, "metadata"]) }),
    predictors: Object.fromEntries(
      Object.entries(predictors).map(([key, entry]) => [key, readEntry(entry, [...path, "predictors", key], read)]),
    ),
  };
}

function readEntry(value: unknown, path: JsonPath, read: JsonReader): SidecarPredictor {
  const entry = read.record(value, path);
  const kind = read.requiredString(entry, "kind", path);
  if (kind !== "predict" && kind !== "chain_of_thought") throw read.fail([...path, "kind"], `unknown kind "${kind}"`);
  const adapter = read.optionalString(entry, "adapter", path);
  if (adapter !== undefined && adapter !== "json" && adapter !== "chat") {
    throw read.fail([...path, "adapter"], `unknown adapter "${adapter}"`);
  }
  const fields = read
    .array(entry.fields, [...path, "fields"])
    .map((item, i) => readField(item, [...path, "fields", i], read));
  return { name: read.requiredString(entry, "name", path), kind, ...(adapter && { adapter }), fields };
}

function readField(value: unknown, path: JsonPath, read: JsonReader): SidecarField {
  const field = read.record(value, path);
  const role = read.requiredString(field, "role", path);
  if (role !== "input" && role !== "output") throw read.fail([...path, "role"], `unknown role "${role}"`);
  const unset = read.optionalArray(field, "unset", path).map((item, i) => {
    if (item !== "prefix" && item !== "description") throw read.fail([...path, "unset", i], "unknown entry");
    return item;
  });
  return {
    name: read.requiredString(field, "name", path),
    role,
    ...(field.type !== undefined && { type: readFieldType(field.type, [...path, "type"], read) }),
    ...(unset.length > 0 && { unset }),
  };
}

type SimpleKind = "string" | "boolean" | "number" | "integer" | "string[]";
const simpleKinds: readonly string[] = ["string", "boolean", "number", "integer", "string[]"];

function isSimpleKind(kind: string): kind is SimpleKind {
  return simpleKinds.includes(kind);
}

function readFieldType(value: unknown, path: JsonPath, read: JsonReader): FieldTypeState {
  const type = read.record(value, path);
  const kind = read.requiredString(type, "kind", path);
  if (kind === "enum") {
    const values = read.array(type.values, [...path, "values"]).map((v, i) => read.string(v, [...path, "values", i]));
    return { kind, values };
  }
  if (kind === "json") return { kind, jsonSchema: read.record(type.jsonSchema, [...path, "jsonSchema"]) };
  if (!isSimpleKind(kind)) throw read.fail([...path, "kind"], `unknown type "${kind}"`);
  return { kind };
}

/**
 * The named, typed fields the sidecar describes, with prefixes and descriptions from DSPy's file
 * (edited there, they win); a default that stands for an unset judgeloop value is dropped.
 * Undefined when the field count no longer matches (the file changed shape since export).
 *
 * @example
 * sidecarFields(entry, raw.fields)?.outputs.map((f) => f.name); // ["reasoning", "satisfied"]
 */
export function sidecarFields(entry: SidecarPredictor, fields: readonly RawField[]) {
  if (entry.fields.length !== fields.length) return undefined;
  const states = entry.fields.map((described, i): FieldState & { role: FieldRole } => {
    const raw = fields[i] ?? {};
    const unset = new Set(described.unset ?? []);
    const keepPrefix = !(unset.has("prefix") && raw.prefix === defaultPrefix(described.name));
    const keepDescription = !(unset.has("description") && raw.description === defaultDescription(described.name));
    return {
      name: described.name,
      role: described.role,
      type: described.type ?? { kind: "string" },
      ...(keepDescription && raw.description !== undefined && { description: raw.description }),
      ...(keepPrefix && raw.prefix !== undefined && { prefix: raw.prefix }),
    };
  });
  const strip = ({ role: _, ...field }: FieldState & { role: FieldRole }): FieldState => field;
  return {
    inputs: states.filter((f) => f.role === "input").map(strip),
    outputs: states.filter((f) => f.role === "output").map(strip),
  };
}
