import type { JsonSchemaFormat } from "../lm/types.ts";
import type { Signature } from "../signature/signature.ts";
import { isPlainObject } from "./loose-json.ts";
import { valueSchema } from "./type-notes.ts";

/** The schema name DSPy gives its structured-output model. */
export const structuredOutputName = "DSPyProgramOutputs";

/**
 * A strict `json_schema` response format for the signature's outputs: one required property
 * per output field, no extra properties, at every level (what OpenAI's strict mode demands).
 * Undefined when a JSON field is an open-ended mapping, which strict mode cannot express.
 *
 * @example
 * structuredOutputFormat(Signature.parse("q -> ok: bool"));
 * // { type: "json_schema", name: "DSPyProgramOutputs", schema: { type: "object", properties: { ok: ... }, ... } }
 */
export function structuredOutputFormat(signature: Signature): JsonSchemaFormat | undefined {
  const properties: Record<string, unknown> = {};
  for (const field of signature.outputs) properties[field.name] = structuredClone(valueSchema(field.type));
  const schema: Record<string, unknown> = { type: "object", properties };
  return enforceStrict(schema) ? { type: "json_schema", name: structuredOutputName, schema } : undefined;
}

/** Makes every object strict in place; false when an object has no declared properties. */
function enforceStrict(schema: Record<string, unknown>): boolean {
  let expressible = true;
  if (schema.type === "object") {
    if (!isPlainObject(schema.properties)) return false;
    schema.required = Object.keys(schema.properties);
    schema.additionalProperties = false;
    expressible = everyChild(Object.values(schema.properties));
  }
  if (isPlainObject(schema.items)) expressible = enforceStrict(schema.items) && expressible;
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const options = schema[key];
    if (Array.isArray(options)) expressible = everyChild(options) && expressible;
  }
  for (const key of ["$defs", "definitions"]) {
    const defs = schema[key];
    if (isPlainObject(defs)) expressible = everyChild(Object.values(defs)) && expressible;
  }
  return expressible;
}

function everyChild(children: readonly unknown[]): boolean {
  return children.map((child) => !isPlainObject(child) || enforceStrict(child)).every(Boolean);
}
