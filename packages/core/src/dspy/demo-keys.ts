import type { Demo } from "../module/state.ts";

// Keys DSPy itself adds to demos and examples; never field names.
const bookkeepingKeys = new Set(["augmented", "dspy_uuid", "dspy_split"]);

/** The demo keys that may be field names, split by how much they can be trusted. */
export interface DemoFieldKeys {
  /** Every candidate key, in first-seen order (labeled demos may add non-field extras). */
  all: string[];
  /**
   * The keys of the first bootstrapped demo: a full trace, so exactly the signature's fields
   * (inputs in the order the example listed them, then the outputs). Undefined without one.
   */
  trace: string[] | undefined;
}

/**
 * Collects the field-name candidates the demos offer; demo keys are the true field names.
 *
 * @example
 * demoFieldKeys([{ augmented: true, question: "q", answer: "a" }]).trace; // ["question", "answer"]
 */
export function demoFieldKeys(demos: readonly Demo[]): DemoFieldKeys {
  const all: string[] = [];
  for (const demo of demos) {
    for (const key of Object.keys(demo)) if (!bookkeepingKeys.has(key) && !all.includes(key)) all.push(key);
  }
  const trace = demos.find((demo) => demo.augmented === true);
  return { all, trace: trace && Object.keys(trace).filter((key) => !bookkeepingKeys.has(key)) };
}
