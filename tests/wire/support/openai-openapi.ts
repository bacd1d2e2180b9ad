import { readFile } from "node:fs/promises";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { parse } from "yaml";

const specFile = new URL("../testdata/openai/openapi.yaml", import.meta.url);
const specId = "https://judgeloop.test/openai-openapi.json";

// ajv-formats is CommonJS with a default export; under ESM interop the plugin may sit one level down.
const addFormats = ((addFormatsPlugin as { default?: unknown }).default ?? addFormatsPlugin) as (ajv: Ajv2020) => void;

/** A check of one body against one schema of OpenAI's published OpenAPI document. */
export interface SchemaCheck {
  (body: unknown): { valid: boolean; errors: string[] };
  /** The document's `info.version`, so a failure says which spec it was checked against. */
  specVersion: string;
}

/**
 * Test-only: the validator for a schema of `components.schemas` in the OpenAI OpenAPI document
 * kept in testdata. The document says OpenAPI 3.1 (JSON Schema 2020-12) but still marks some
 * fields with 3.0's `nullable: true`, so those become `anyOf [schema, null]` before compiling.
 *
 * @example
 * const check = await openAISchemaCheck("CreateChatCompletionRequest");
 * check({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }).valid; // true
 */
export async function openAISchemaCheck(name: string): Promise<SchemaCheck> {
  const document = parse(await readFile(specFile, "utf8")) as { info: { version: string }; components: unknown };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: specId, components: withoutNullable(document.components) });
  const validate = ajv.getSchema(`${specId}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name} in the OpenAI OpenAPI document`);
  const check = (body: unknown) => {
    const valid = validate(body) === true;
    return { valid, errors: valid ? [] : (validate.errors ?? []).map(describeError) };
  };
  return Object.assign(check, { specVersion: document.info.version });
}

/** OpenAPI 3.0's `nullable: true` as JSON Schema: the same schema, or null. */
function withoutNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullable);
  if (typeof value !== "object" || value === null) return value;
  const converted = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withoutNullable(child)]));
  if (converted.nullable !== true) return converted;
  const { nullable: _nullable, ...schema } = converted;
  return { anyOf: [schema, { type: "null" }] };
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || "(body)"} ${error.message ?? error.keyword}`;
}
