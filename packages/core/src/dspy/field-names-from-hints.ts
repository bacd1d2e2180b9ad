import type { Demo } from "../module/state.ts";
import { demoFieldKeys } from "./demo-keys.ts";
import { comparableName, nameFromDescription, nameFromPrefix } from "./field-names.ts";
import type { JsonPath, JsonReader } from "./json-reader.ts";
import type { RawField } from "./read-predictor.ts";

/**
 * Names DSPy's positional fields. Demo keys are the true names, so they win: first a key the
 * field's `${name}` description or its prefix spells, then, for fields still unnamed, the
 * leftover keys of a bootstrapped trace by position. The description placeholder and the
 * prefix ("Netlogo Code:" → `netlogo_code`) name whatever remains.
 *
 * @example
 * nameFields([{ prefix: "Question:", description: "${question}" }], [], ["self", "signature", "fields"], read);
 * // ["question"]
 */
export function nameFields(fields: readonly RawField[], demos: readonly Demo[], path: JsonPath, read: JsonReader) {
  const names: (string | undefined)[] = fields.map((field) => field.name);
  const keys = demoFieldKeys(demos);
  const taken = new Set(names.filter((name) => name !== undefined));
  fields.forEach((field, i) => {
    if (names[i] !== undefined) return;
    const key = keys.all.find((candidate) => !taken.has(candidate) && spells(field, candidate));
    if (key !== undefined) {
      names[i] = key;
      taken.add(key);
    }
  });
  nameByTracePosition(names, keys.trace ?? [], taken);
  return fields.map((field, i) => {
    const name = names[i] ?? nameFromDescription(field.description) ?? nameFromPrefix(field.prefix ?? "");
    if (name === undefined) {
      throw read.fail([...path, i], `cannot derive a field name from prefix ${JSON.stringify(field.prefix ?? "")}`);
    }
    const first = names.findIndex((other, j) => j < i && other === name);
    if (first >= 0) throw read.fail([...path, i], `field name \`${name}\` is already used by fields[${first}]`);
    names[i] = name;
    return name;
  });
}

function spells(field: RawField, key: string): boolean {
  if (nameFromDescription(field.description) === key) return true;
  const label = field.prefix?.split(":")[0] ?? "";
  return label !== "" && comparableName(label) === comparableName(key);
}

// Only when the unnamed fields and the unused trace keys pair up exactly is position trusted.
function nameByTracePosition(names: (string | undefined)[], trace: readonly string[], taken: Set<string>): void {
  const unusedKeys = trace.filter((key) => !taken.has(key));
  const unnamed = names.flatMap((name, i) => (name === undefined ? [i] : []));
  if (unusedKeys.length === 0 || unusedKeys.length !== unnamed.length) return;
  unnamed.forEach((index, k) => {
    names[index] = unusedKeys[k];
  });
}
