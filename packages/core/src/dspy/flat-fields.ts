import { demoFieldKeys } from "./demo-keys.ts";
import { comparableName, nameFromPrefix } from "./field-names.ts";
import type { JsonReader } from "./json-reader.ts";
import type { RawField, RawPredictor } from "./read-predictor.ts";

/**
 * Rebuilds the field list of a pre-2.5.3 save that kept only the instructions and the last
 * field's prefix. The names come from the demos (a bootstrapped trace lists exactly the fields)
 * and from `inputs`; the last field is the one `signature_prefix` names.
 *
 * @example
 * flatFields(raw, ["question"], read); // [{ name: "question" }, { name: "answer", prefix: "Answer:" }]
 */
export function flatFields(raw: RawPredictor, inputs: readonly string[], read: JsonReader): RawField[] {
  if (raw.fields !== undefined) return raw.fields;
  const keys = demoFieldKeys(raw.demos);
  const names = [...(keys.trace ?? keys.all)];
  for (const input of [...inputs].reverse()) if (!names.includes(input)) names.unshift(input);
  const last = lastField(raw.lastPrefix, names, keys.trace !== undefined);
  const others = names.filter((name) => name !== last.name).map((name) => ({ name }));
  if (others.length === 0) {
    throw read.fail(
      [raw.key],
      "a save from before DSPy 2.5.3 keeps no field names and this one has no demos to recover them from; " +
        "pass the input field names (inputs)",
    );
  }
  return [...others, last];
}

// A trace lists the outputs last, so its last key is the last field even under a custom prefix.
function lastField(
  prefix: string | undefined,
  names: readonly string[],
  fromTrace: boolean,
): RawField & { name: string } {
  const label = prefix?.split(":")[0] ?? "";
  const matching = names.find((name) => comparableName(name) === comparableName(label));
  const fromPrefix = prefix === undefined ? undefined : nameFromPrefix(prefix);
  const name = matching ?? (fromTrace ? names.at(-1) : fromPrefix) ?? fromPrefix ?? names.at(-1) ?? "output";
  return prefix === undefined ? { name } : { name, prefix };
}
