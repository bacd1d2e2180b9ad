import { z } from "zod";

/** The value types a signature field can carry. */
export type FieldType =
  | { kind: "string" }
  | { kind: "boolean" }
  | { kind: "number" }
  | { kind: "integer" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "string[]" }
  | { kind: "json"; schema: z.ZodType; jsonSchema: Record<string, unknown> };

export interface Field {
  readonly name: string;
  readonly type: FieldType;
  /** What the field means, shown to the model. Undefined renders as DSPy's empty description. */
  readonly description?: string;
  /** DSPy's display prefix ("Transcript:"); kept so imported programs round-trip. */
  readonly prefix?: string;
}

/** A field as users write it: the type may be a name (`"boolean"`) or omitted (string). */
export interface FieldSpec {
  type?: FieldType | SimpleTypeName | z.ZodType;
  description?: string;
  prefix?: string;
}

export type SimpleTypeName = "string" | "boolean" | "number" | "integer" | "string[]";

const simpleTypes: Record<string, FieldType> = {
  string: { kind: "string" },
  str: { kind: "string" },
  boolean: { kind: "boolean" },
  bool: { kind: "boolean" },
  number: { kind: "number" },
  float: { kind: "number" },
  integer: { kind: "integer" },
  int: { kind: "integer" },
  "string[]": { kind: "string[]" },
  "list[str]": { kind: "string[]" },
};

/** Resolves a type name such as `bool` or `list[str]`; undefined when unknown. */
export function simpleType(name: string): FieldType | undefined {
  // Own keys only: `constructor` or `toString` must not resolve to Object.prototype's members.
  return Object.hasOwn(simpleTypes, name) ? simpleTypes[name] : undefined;
}

export function enumType(values: readonly string[]): FieldType {
  return { kind: "enum", values: [...values] };
}

/** A JSON-valued field validated by a zod schema. */
export function jsonType(schema: z.ZodType): FieldType {
  return { kind: "json", schema, jsonSchema: z.toJSONSchema(schema) as Record<string, unknown> };
}

/** Restores a JSON field from its saved JSON schema (program state keeps no zod objects). */
export function jsonTypeFromSchema(jsonSchema: Record<string, unknown>): FieldType {
  return { kind: "json", schema: z.fromJSONSchema(jsonSchema), jsonSchema };
}

export function normalizeFieldType(type: FieldSpec["type"]): FieldType {
  if (type === undefined) return { kind: "string" };
  if (typeof type === "string") {
    const resolved = simpleType(type);
    if (!resolved) throw new TypeError(`unknown field type "${type}"`);
    return resolved;
  }
  if (type instanceof z.ZodType) return jsonType(type);
  return type;
}

/** The Python-style type name DSPy shows in field lists: str, bool, float, int, list[str]. */
export function pythonTypeName(type: FieldType): string {
  switch (type.kind) {
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "number":
      return "float";
    case "integer":
      return "int";
    case "string[]":
      return "list[str]";
    case "enum":
      return `Literal[${type.values.map((v) => `'${v}'`).join(", ")}]`;
    case "json":
      return "dict";
  }
}

/** Serializable form of a field type (JSON fields keep their JSON schema). */
export type FieldTypeState =
  | { kind: "string" | "boolean" | "number" | "integer" | "string[]" }
  | { kind: "enum"; values: string[] }
  | { kind: "json"; jsonSchema: Record<string, unknown> };

export function fieldTypeToState(type: FieldType): FieldTypeState {
  if (type.kind === "enum") return { kind: "enum", values: [...type.values] };
  if (type.kind === "json") return { kind: "json", jsonSchema: type.jsonSchema };
  return { kind: type.kind };
}

export function fieldTypeFromState(state: FieldTypeState): FieldType {
  if (state.kind === "enum") return enumType(state.values);
  if (state.kind === "json") return jsonTypeFromSchema(state.jsonSchema);
  return { kind: state.kind };
}
