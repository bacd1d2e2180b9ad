/**
 * DSPy saves fields without their names, only a display prefix and a description. These helpers
 * recover names from those two, and produce DSPy's defaults for a name when exporting.
 */

/** The rationale prefix DSPy's ChainOfThought used from 2.4 until prefixes were deprecated (3.2). */
export const dspyReasoningPrefix = "Reasoning: Let's think step by step in order to";

/** DSPy's placeholder description for a field that has none: `${name}`. */
export function defaultDescription(name: string): string {
  return `\${${name}}`;
}

/**
 * The field name a placeholder description spells out, e.g. `${question}` → `question`;
 * undefined for a real description.
 *
 * @example
 * nameFromDescription("${netlogo_code}"); // "netlogo_code"
 */
export function nameFromDescription(description: string | undefined): string | undefined {
  const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(description ?? "");
  return match?.[1];
}

/**
 * A snake_case field name from a display prefix: the text before the first colon, accents
 * dropped, runs of other characters turned into `_`. Undefined when nothing usable is left.
 *
 * @example
 * nameFromPrefix("Netlogo Code:"); // "netlogo_code"
 * nameFromPrefix("Reasoning: Let's think step by step in order to"); // "reasoning"
 */
export function nameFromPrefix(prefix: string): string | undefined {
  const label = prefix.split(":")[0] ?? "";
  const name = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (name === "") return undefined;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * A comparison key that ignores case and separators, so `netlogo_code`, `NetlogoCode` and the
 * prefix "Netlogo Code:" all meet.
 */
export function comparableName(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/**
 * The prefix DSPy gives a field it was not told a prefix for (`infer_prefix(name) + ":"`):
 * camelCase and digits split into words, underscores into spaces, words capitalized except
 * acronyms.
 *
 * @example
 * defaultPrefix("netlogo_code"); // "Netlogo Code:"
 * defaultPrefix("HTMLParser"); // "HTML Parser:"
 */
export function defaultPrefix(name: string): string {
  const spaced = name
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([a-zA-Z])(\d)/g, "$1_$2")
    .replace(/(\d)([a-zA-Z])/g, "$1_$2");
  const words = spaced.split("_").map((word) => (isAcronym(word) ? word : capitalize(word)));
  return `${words.join(" ")}:`;
}

/** DSPy marks the rationale field by its prefix: "Reasoning: Let's think…" or, since 3.2, "Reasoning:". */
export function isReasoningPrefix(prefix: string | undefined): boolean {
  return prefix !== undefined && /^reasoning\s*:/i.test(prefix.trim());
}

// Python's str.isupper: at least one cased character and no lowercase ones.
function isAcronym(word: string): boolean {
  return /[A-Z]/.test(word) && !/[a-z]/.test(word);
}

// Python's str.capitalize: first character upper, the rest lower.
function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
