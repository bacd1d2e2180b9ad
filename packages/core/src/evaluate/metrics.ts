import { JudgeloopError } from "../errors.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import type { Metric } from "./types.ts";

export interface NormalizeOptions {
  /** Also drop punctuation (Unicode P* characters); default false. */
  stripPunctuation?: boolean;
}

/**
 * Lowercases, trims and collapses runs of whitespace, optionally stripping punctuation, so that
 * answers differing only in formatting compare equal.
 *
 * @example
 * normalizeText("  Yes,  SIR! ", { stripPunctuation: true }); // "yes sir"
 */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  const base = options.stripPunctuation ? text.replace(/\p{P}/gu, "") : text;
  return base.toLowerCase().replace(/\s+/g, " ").trim();
}

export interface ExactMatchOptions extends NormalizeOptions {
  /** true (default) normalizes text, false compares as-is, or pass your own normalizer. */
  normalize?: boolean | ((text: string) => string);
  /** The prediction's field, when it differs from the example's label name. */
  predictionField?: string;
}

/**
 * A metric: 1 when the prediction's field equals the example's label, else 0. Non-string values
 * compare by their text (so a gold "True" from a CSV matches a predicted `true`), arrays and
 * objects by canonical JSON. A missing gold label is an error, not a 0.
 *
 * @example
 * await evaluate(judge, examples, exactMatch("satisfied"));
 * exactMatch("answer", { stripPunctuation: true });
 */
export function exactMatch(field: string, options: ExactMatchOptions = {}): Metric {
  const normalize = normalizerOf(options);
  const predictionField = options.predictionField ?? field;
  return (example, prediction) => {
    if (!example.has(field)) {
      const which = example.id === undefined ? "an example" : `example ${example.id}`;
      throw new JudgeloopError("missing_label", `${which} has no label \`${field}\` to compare with`);
    }
    const gold = normalize(asText(example.get(field)));
    const predicted = normalize(asText(prediction.get(predictionField)));
    return gold === predicted;
  };
}

function normalizerOf(options: ExactMatchOptions): (text: string) => string {
  const normalize = options.normalize ?? true;
  if (typeof normalize === "function") return normalize;
  if (!normalize) return (text) => text;
  return (text) => normalizeText(text, options);
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return canonicalJson(value);
  return String(value);
}
