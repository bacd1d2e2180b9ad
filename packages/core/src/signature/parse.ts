import { JudgeloopError } from "../errors.ts";
import { enumType, type Field, type FieldType, simpleType } from "./field.ts";

/**
 * Grammar of the string form:
 *
 *   signature := fields "->" fields
 *   fields    := field ("," field)*
 *   field     := name (":" type)?            type defaults to string
 *   type      := string | str | boolean | bool | number | float | integer | int
 *              | string[] | list[str] | enum(a|b|c) | Literal['a', 'b']
 */
export function parseSignatureString(text: string): { inputs: Field[]; outputs: Field[] } {
  const sides = text.split("->");
  if (sides.length !== 2) {
    throw new JudgeloopError("bad_signature", `signature "${clip(text)}" must contain exactly one "->"`);
  }
  const [left = "", right = ""] = sides;
  return { inputs: parseFields(left, "input"), outputs: parseFields(right, "output") };
}

function parseFields(side: string, role: string): Field[] {
  if (side.trim() === "") return [];
  return splitTopLevel(side).map((part) => parseField(part.trim(), role));
}

function parseField(part: string, role: string): Field {
  const colon = part.indexOf(":");
  const name = (colon === -1 ? part : part.slice(0, colon)).trim();
  const typeText = colon === -1 ? "" : part.slice(colon + 1).trim();
  if (name === "") throw new JudgeloopError("bad_signature", `an ${role} field has no name`);
  return { name, type: parseType(typeText, name) };
}

function parseType(text: string, name: string): FieldType {
  if (text === "") return { kind: "string" };
  const simple = simpleType(text);
  if (simple) return simple;
  const values = enumValues(text);
  if (values) return enumType(values);
  throw new JudgeloopError("bad_signature", `field \`${clip(name)}\` has unknown type "${clip(text)}"`);
}

function enumValues(text: string): string[] | undefined {
  const match = /^(?:enum\((.*)\)|Literal\[(.*)\])$/s.exec(text);
  if (!match) return undefined;
  const body = match[1] ?? match[2] ?? "";
  const values = body
    .split(match[1] !== undefined ? "|" : ",")
    .map((v) => v.trim().replace(/^['"]|['"]$/g, ""))
    .filter((v) => v !== "");
  return values.length > 0 ? values : undefined;
}

/** Splits on commas that are not inside (), [] or quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = "";
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

/** A message quotes at most 60 characters of the input, however long the input. */
export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
