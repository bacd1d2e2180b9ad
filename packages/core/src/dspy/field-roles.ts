import type { Field } from "../signature/field.ts";
import { defaultInstructions } from "../signature/signature.ts";
import { isReasoningPrefix } from "./field-names.ts";
import type { JsonPath, JsonReader } from "./json-reader.ts";
import type { RawField } from "./read-predictor.ts";

/** Where the outputs start, and whether that was a guess (nothing but "the last is an output"). */
export interface FieldSplit {
  firstOutput: number;
  guessed: boolean;
}

export interface SplitHints {
  fields: readonly RawField[];
  names: readonly string[];
  instructions: string | undefined;
  /** Field names the caller declares inputs (option `inputs`); need not list them all. */
  inputs: readonly string[];
  path: JsonPath;
}

/**
 * DSPy saves inputs then outputs with no marker between them; this finds the boundary. In order
 * of trust: roles saved with the fields; then, past the last input the caller declared, DSPy's
 * default instructions (which list both sides), the rationale (a "Reasoning:" prefix, or in a
 * flat save a field named `reasoning`/`rationale`: it and all after it are outputs), or the end
 * of the declared inputs. Failing all that, only the last field is an output. Demos cannot
 * settle it: labeled demos lack retrieved inputs as well as outputs.
 *
 * @example
 * splitFields({ fields, names: ["pseudocode", "reasoning", "netlogo_code"], instructions, inputs: [], path }, read);
 * // { firstOutput: 1, guessed: false }
 */
export function splitFields(hints: SplitHints, read: JsonReader): FieldSplit {
  const { fields, names } = hints;
  if (fields.every((field) => field.role !== undefined)) {
    return {
      firstOutput: savedSplit(
        fields.map((f) => f.role === "input"),
        hints,
        read,
      ),
      guessed: false,
    };
  }
  // A declared input makes it and every field before it an input.
  const lastDeclared = names.findLastIndex((name) => hints.inputs.includes(name));
  const least = lastDeclared + 1;
  const fromInstructions = splitFromDefaultInstructions(names, hints.instructions);
  if (fromInstructions !== undefined && fromInstructions >= least)
    return { firstOutput: fromInstructions, guessed: false };
  const reasoning = names.findIndex((name, i) => i >= least && isReasoningField(fields[i], name));
  if (reasoning >= 0) return { firstOutput: reasoning, guessed: false };
  if (lastDeclared >= 0) return { firstOutput: least, guessed: false };
  return { firstOutput: names.length - 1, guessed: names.length > 2 };
}

function isReasoningField(field: RawField | undefined, name: string): boolean {
  if (field?.prefix !== undefined) return isReasoningPrefix(field.prefix);
  return name === "reasoning" || name === "rationale";
}

function savedSplit(isInput: readonly boolean[], hints: SplitHints, read: JsonReader): number {
  const firstOutput = isInput.indexOf(false);
  const stray = isInput.findIndex((input, i) => input && firstOutput >= 0 && i > firstOutput);
  if (stray >= 0) {
    const name = hints.names[stray] ?? "";
    throw read.fail(
      [...hints.path, stray],
      `input field \`${name}\` comes after an output field; DSPy saves inputs first`,
    );
  }
  return firstOutput < 0 ? isInput.length : firstOutput;
}

function splitFromDefaultInstructions(names: readonly string[], instructions: string | undefined): number | undefined {
  if (instructions === undefined || !instructions.startsWith("Given the fields")) return undefined;
  const fields = names.map((name): Field => ({ name, type: { kind: "string" } }));
  for (let k = 0; k < fields.length; k++) {
    if (defaultInstructions(fields.slice(0, k), fields.slice(k)) === instructions) return k;
  }
  return undefined;
}
