import { jsonrepair } from "jsonrepair";

/**
 * Parses JSON that a model wrote: strict first, then through `jsonrepair` (single quotes,
 * trailing commas, missing brackets, Python literals). Undefined when nothing sensible comes out.
 *
 * @example
 * parseLooseJson("{'ok': True,}"); // { ok: true }
 */
export function parseLooseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(jsonrepair(text));
    } catch {
      return undefined;
    }
  }
}

const maxCandidates = 20;

/**
 * The first JSON object in a completion, even when prose or a code fence surrounds it:
 * each `{` is tried in turn with its balanced span (or the rest of the text, for a truncated
 * answer) until one parses to an object.
 *
 * @example
 * extractJsonObject('Sure! ```json\n{"a": 1}\n``` Hope that helps.'); // { a: 1 }
 */
export function extractJsonObject(completion: string): Record<string, unknown> | undefined {
  let start = completion.indexOf("{");
  for (let tried = 0; start !== -1 && tried < maxCandidates; tried++) {
    const end = balancedEnd(completion, start);
    const parsed = parseLooseJson(completion.slice(start, end === undefined ? undefined : end + 1));
    if (isPlainObject(parsed)) return parsed;
    start = completion.indexOf("{", start + 1);
  }
  return undefined;
}

/** Index of the `}` closing the `{` at `start`, skipping braces inside strings; undefined if unclosed. */
function balancedEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"') quote = ch;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i;
  }
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
