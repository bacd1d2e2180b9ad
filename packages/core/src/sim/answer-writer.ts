import type { Random } from "../util/random.ts";
import type { AnswerFormat, PromptField } from "./prompt-reader.ts";

/**
 * Writes output values in the format the prompt asked for: a JSON object in field order,
 * `[[ ## field ## ]]` blocks ending with `[[ ## completed ## ]]`, or plain text.
 *
 * @example
 * writeAnswer({ satisfied: true }, [{ name: "satisfied", type: "bool", description: "" }], "markers");
 * // "[[ ## satisfied ## ]]\nTrue\n\n[[ ## completed ## ]]"
 */
export function writeAnswer(
  values: Record<string, unknown>,
  fields: readonly PromptField[],
  format: AnswerFormat,
): string {
  const names = fields.length > 0 ? fields.map((f) => f.name) : Object.keys(values);
  if (format === "json") {
    return JSON.stringify(Object.fromEntries(names.map((n) => [n, values[n] ?? null])), null, 2);
  }
  if (format === "markers") {
    const blocks = names.map((n) => `[[ ## ${n} ## ]]\n${markerText(values[n])}`);
    return [...blocks, "[[ ## completed ## ]]"].join("\n\n");
  }
  if (names.length === 1) return markerText(values[names[0] as string]);
  return names.map((n) => `${n}: ${markerText(values[n])}`).join("\n");
}

/** How a value reads between markers: Python-style booleans, JSON for lists and objects. */
function markerText(value: unknown): string {
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/**
 * An answer a parser cannot read, the way real models sometimes fail: cut off mid-way, or
 * chatty prose that ignores the requested format.
 *
 * @example
 * corruptAnswer('{"satisfied": true}', new Random("seed"));
 */
export function corruptAnswer(text: string, rng: Random): string {
  if (rng.next() < 0.5) return text.slice(0, Math.max(1, Math.floor(text.length * (0.3 + 0.4 * rng.next()))));
  return "Sure! Here is my answer, in my own words: I think it looks fine overall, but it is hard to say.";
}
