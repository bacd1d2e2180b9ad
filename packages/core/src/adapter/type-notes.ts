import type { Field, FieldType } from "../signature/field.ts";
import { pyJsonDumps } from "./python-text.ts";

/**
 * The Python annotation DSPy prints for a field type: `str`, `bool`, `int`, `float`,
 * `list[str]`, `Literal['a', 'b']`; a JSON field shows its schema title, else `dict` / `list`.
 *
 * @example
 * annotationName({ kind: "enum", values: ["yes", "no"] }); // "Literal['yes', 'no']"
 */
export function annotationName(type: FieldType): string {
  switch (type.kind) {
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "integer":
      return "int";
    case "number":
      return "float";
    case "string[]":
      return "list[str]";
    case "enum":
      return `Literal[${type.values.map(quoteLiteral).join(", ")}]`;
    case "json":
      return jsonAnnotationName(type.jsonSchema);
  }
}

function jsonAnnotationName(schema: Record<string, unknown>): string {
  if (typeof schema.title === "string" && schema.title !== "") return schema.title;
  return schema.type === "array" ? "list" : "dict";
}

/** Python's repr-style quoting of a string inside `Literal[...]`. */
function quoteLiteral(value: string): string {
  const hasSingle = value.includes("'");
  const hasDouble = value.includes('"');
  if (hasSingle && !hasDouble) return `"${value}"`;
  if (hasSingle && hasDouble) return `'${value.replaceAll("'", "\\'")}'`;
  return `'${value}'`;
}

/**
 * The placeholder DSPy shows for a field in the system message's structure section:
 * `{name}`, plus for non-string outputs eight spaces and a `# note:` on the allowed values.
 *
 * @example
 * placeholder({ name: "ok", type: { kind: "boolean" } }, "output");
 * // "{ok}        # note: the value you produce must be True or False"
 */
export function placeholder(field: Field, role: "input" | "output"): string {
  const constraint = role === "output" ? valueConstraint(field.type) : "";
  const note = constraint === "" ? "" : `${" ".repeat(8)}# note: the value you produce ${constraint}`;
  return `{${field.name}}${note}`;
}

function valueConstraint(type: FieldType): string {
  switch (type.kind) {
    case "string":
      return "";
    case "boolean":
      return "must be True or False";
    case "integer":
      return "must be a single int value";
    case "number":
      return "must be a single float value";
    case "enum":
      return `must exactly match (no extra characters) one of: ${type.values.join("; ")}`;
    case "string[]":
    case "json":
      return `must adhere to the JSON schema: ${pyJsonDumps(typeFirst(valueSchema(type)))}`;
  }
}

/**
 * The suffix DSPy appends to a field in the closing reminder: empty for strings, else
 * ` (must be formatted as a valid Python bool)` and the like.
 *
 * @example
 * reminderTypeSuffix({ kind: "integer" }); // " (must be formatted as a valid Python int)"
 */
export function reminderTypeSuffix(type: FieldType): string {
  return type.kind === "string" ? "" : ` (must be formatted as a valid Python ${annotationName(type)})`;
}

/**
 * The JSON schema of one field's value, without the `$schema` marker zod adds (pydantic,
 * which DSPy uses, emits none).
 *
 * @example
 * valueSchema({ kind: "string[]" }); // { type: "array", items: { type: "string" } }
 */
export function valueSchema(type: FieldType): Record<string, unknown> {
  switch (type.kind) {
    case "string":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "integer":
      return { type: "integer" };
    case "number":
      return { type: "number" };
    case "enum":
      return { type: "string", enum: [...type.values] };
    case "string[]":
      return { type: "array", items: { type: "string" } };
    case "json": {
      const { $schema: _ignored, ...schema } = type.jsonSchema;
      return schema;
    }
  }
}

/** DSPy sorts every schema object's keys with `type` first, the rest alphabetically, for readability. */
function typeFirst(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(typeFirst);
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value).sort((a, b) => {
    if (a === "type" || b === "type") return a === "type" ? (b === "type" ? 0 : -1) : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const record = value as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, typeFirst(record[key])]));
}
