import type { Field } from "../signature/field.ts";
import { pyJsonDumps, pyNumber } from "./python-text.ts";

/**
 * Renders one field value as DSPy's `format_field_value` does: a list given to a string field
 * becomes numbered `[1] «...»` items, objects and arrays become compact JSON, scalars print as
 * Python's `str()` would (`True`, `None`, `0.5`).
 *
 * @example
 * formatFieldValue({ name: "context", type: { kind: "string" } }, ["a", "b"]); // "[1] «a»\n[2] «b»"
 */
export function formatFieldValue(field: Field, value: unknown): string {
  if (Array.isArray(value) && field.type.kind === "string") return formatListOfTexts(value);
  if (value !== null && typeof value === "object") return pyJsonDumps(value);
  return pythonStr(value);
}

/**
 * Python's `str()` of a scalar.
 *
 * @example
 * pythonStr(false); // "False"
 */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return value;
  if (typeof value === "object") return pyJsonDumps(value);
  return String(value);
}

function formatListOfTexts(values: readonly unknown[]): string {
  if (values.length === 0) return "N/A";
  if (values.length === 1) return formatBlob(pythonStr(values[0]));
  return values.map((value, i) => `[${i + 1}] ${formatBlob(pythonStr(value))}`).join("\n");
}

/** Guillemets mark where each text starts and ends; multi-line texts get a fenced, indented block. */
function formatBlob(text: string): string {
  if (!text.includes("\n") && !text.includes("«") && !text.includes("»")) return `«${text}»`;
  return `«««\n    ${text.replaceAll("\n", "\n    ")}\n»»»`;
}
