/** The kind of value a prompt's field type asks for (types as DSPy shows them: str, bool, ...). */
export type ValueKind = "string" | "boolean" | "integer" | "number" | "list" | "enum" | "json";

/**
 * Reads a Python-style type name as the prompt shows it.
 *
 * @example
 * valueKind("Literal['pass', 'fail']"); // "enum"
 */
export function valueKind(type: string): ValueKind {
  const t = type.trim();
  if (t === "bool") return "boolean";
  if (t === "int") return "integer";
  if (t === "float") return "number";
  if (/^Literal\[/.test(t)) return "enum";
  if (/^(list|List)\[/.test(t)) return "list";
  if (t === "str" || t === "") return "string";
  return "json";
}

/**
 * The options of a `Literal['a', 'b']` type, in order.
 *
 * @example
 * enumValues("Literal['pass', 'fail']"); // ["pass", "fail"]
 */
export function enumValues(type: string): string[] {
  return [...type.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? m[2] ?? "");
}

const positive = /^(true|yes|y|1|pass(ed)?|satisfied|good|correct|acceptable|approved?)$/i;
const negative =
  /^(false|no|n|0|fail(ed)?|unsatisfied|not satisfied|dissatisfied|bad|incorrect|unacceptable|rejected?)$/i;

/**
 * A boolean-like label (True, "false", yes, pass...) → boolean; undefined when it is neither.
 *
 * @example
 * parseVerdict("False"); // false
 */
export function parseVerdict(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const cleaned = text.trim().replace(/^["']|["'.]$/g, "");
  if (positive.test(cleaned)) return true;
  if (negative.test(cleaned)) return false;
  return undefined;
}

/**
 * A verdict in the shape the field type asks for: a boolean for bool, "True"/"False" for str,
 * the matching option for a Literal, 1/0 for numbers.
 *
 * @example
 * verdictValue("str", true); // "True"
 */
export function verdictValue(type: string, verdict: boolean): unknown {
  switch (valueKind(type)) {
    case "boolean":
      return verdict;
    case "integer":
    case "number":
      return verdict ? 1 : 0;
    case "enum": {
      const options = enumValues(type);
      const match = options.find((o) => parseVerdict(o) === verdict);
      return match ?? options[verdict ? 0 : options.length - 1] ?? String(verdict);
    }
    default:
      return verdict ? "True" : "False";
  }
}
