import { JudgeloopError } from "../errors.ts";
import { Example } from "../module/example.ts";

/**
 * An example as plain JSON, the form optimizer state and jobs carry. `id` is always set: the
 * example's own id, or `#<index>` in its dataset, so results join across steps and runs.
 */
export interface ExampleData {
  id: string;
  values: Record<string, unknown>;
  inputs: string[];
}

/**
 * The JSON form of an example; an example without input keys is refused (name and reason).
 *
 * @example
 * const data = exampleToData(new Example({ q: "hi", a: "hello" }, { id: "c-1" }).withInputs("q"), 0);
 * // { id: "c-1", values: { q: "hi", a: "hello" }, inputs: ["q"] }
 */
export function exampleToData(example: Example, index: number): ExampleData {
  const inputs = example.toJSON().inputs;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new JudgeloopError(
      "bad_example",
      `example ${example.id ?? `#${index}`} has no input keys: call withInputs(...)`,
    );
  }
  return { id: example.id ?? `#${index}`, values: example.toRecord(), inputs: inputs.map(String) };
}

/**
 * Rebuilds an Example from its JSON form.
 *
 * @example
 * exampleFromData({ id: "c-1", values: { q: "hi" }, inputs: ["q"] }).inputs(); // { q: "hi" }
 */
export function exampleFromData(data: ExampleData): Example {
  return new Example(data.values, { id: data.id, inputs: data.inputs });
}

/**
 * The JSON form of a dataset; duplicate ids are refused, since results are joined on them.
 *
 * @example
 * const trainset = datasetToData(examples);
 */
export function datasetToData(examples: readonly Example[]): ExampleData[] {
  const data = examples.map((example, index) => exampleToData(example, index));
  const seen = new Set<string>();
  for (const item of data) {
    if (seen.has(item.id)) throw new JudgeloopError("bad_dataset", `example id ${item.id} appears twice`);
    seen.add(item.id);
  }
  return data;
}
