import { Signature, type SignatureSpec } from "../signature/signature.ts";
import { Predict, type PredictOptions } from "./predict.ts";
import type { PredictorKind } from "./state.ts";

/**
 * DSPy's rationale field, kept identical so prompts and saved programs stay comparable.
 *
 * @example
 * signature.prepend("output", "reasoning", reasoningField);
 */
export const reasoningField = {
  type: "string",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: DSPy's literal placeholder, not a template
  description: "${reasoning}",
  prefix: "Reasoning: Let's think step by step in order to",
} as const;

/**
 * A Predict that first asks for step-by-step `reasoning`: the field is prepended to the
 * outputs, so the model writes it before the answer. A signature that already starts with
 * `reasoning` (e.g. restored from state) is kept as it is.
 *
 * @example
 * const judge = new ChainOfThought("transcript -> satisfied: boolean", { lm });
 * judge.signature.outputs.map((f) => f.name); // ["reasoning", "satisfied"]
 */
export class ChainOfThought extends Predict {
  constructor(signature: string | SignatureSpec | Signature, options: PredictOptions = {}) {
    super(withReasoning(Signature.from(signature)), options);
  }

  override get kind(): PredictorKind {
    return "chain_of_thought";
  }
}

function withReasoning(signature: Signature): Signature {
  if (signature.outputs[0]?.name === "reasoning") return signature;
  return signature.prepend("output", "reasoning", reasoningField);
}
