import { Signature } from "../signature/signature.ts";
import type { ExampleData } from "./example-data.ts";
import { historyText } from "./proposal-prompts.ts";

/**
 * GEPA's reflection signature: the current instruction of one step and examples of it at work
 * (inputs, the program's outputs, the score and the metric's textual feedback) in, a better
 * instruction out. It keeps the field names of the instruction proposer (`current_instruction`,
 * `previous_instructions` as `Instruction #n … Score: x`, `proposed_instruction`) so any model
 * that reads the proposer's prompt reads this one.
 *
 * @example
 * new Predict(reflectionSignature(), { lm: proposer }).call(reflectionInputs(...));
 */
export function reflectionSignature(): Signature {
  return Signature.fromSpec({
    inputs: {
      current_instruction: { description: "The instruction the step currently follows" },
      examples_with_feedback: {
        description: "Examples the step ran on: inputs, its outputs, the score and feedback on what was wrong or right",
      },
      previous_instructions: { description: "The current instruction with its score on the selection set" },
    },
    outputs: {
      proposed_instruction: { description: "The new instruction for this step, ready to use as its prompt" },
    },
    instructions:
      "You improve the instruction of one step of a language-model program. Read the examples: each shows the " +
      "inputs the step received, the outputs it produced, the score they earned and feedback explaining the " +
      "score. Work out what the feedback says good outputs need (criteria, facts, checks the current " +
      "instruction misses or gets wrong), keep what already works, and write a complete new instruction that " +
      "would make the step earn full scores on examples like these. Name the criteria explicitly.",
  });
}

/** One minibatch example as the reflection sees it. */
export interface ReflectionExample {
  example: ExampleData;
  outputs: Record<string, unknown> | null;
  score: number | null;
  feedback: string;
}

/**
 * The reflection's inputs: the instruction, the examples with their feedback (failures first,
 * since they carry the most to learn from), and the instruction's selection-set score.
 *
 * @example
 * reflectionInputs("Judge the reply.", 0.55, examples).examples_with_feedback; // "Example 1\nInputs:\n..."
 */
export function reflectionInputs(
  instruction: string,
  score: number | null,
  examples: readonly ReflectionExample[],
): Record<string, string> {
  const ordered = [...examples].sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
  const blocks = ordered.map((item, i) => {
    const inputs = item.example.inputs.map((name) => `${name}: ${textOf(item.example.values[name])}`);
    const outputs = item.outputs
      ? Object.entries(item.outputs).map(([name, value]) => `${name}: ${textOf(value)}`)
      : ["(no outputs)"];
    const scoreLine = item.score === null ? "Score: not scored" : `Score: ${item.score}`;
    return [
      `Example ${i + 1}`,
      "Inputs:",
      ...inputs,
      "Outputs:",
      ...outputs,
      scoreLine,
      `Feedback: ${item.feedback}`,
    ].join("\n");
  });
  return {
    current_instruction: instruction,
    examples_with_feedback: blocks.join("\n\n"),
    previous_instructions: historyText([{ text: instruction, score }]),
  };
}

/**
 * Feedback for an example whose metric gave none: what the labels expected (for a judge, the
 * gold verdict and the gold critique), or why the program failed.
 *
 * @example
 * defaultFeedback(example, { satisfied: false }, 0); // "Incorrect. The expected answer: satisfied: true; critique: ..."
 */
export function defaultFeedback(
  example: ExampleData,
  outputs: Record<string, unknown> | null,
  score: number | null,
  errorKind?: string,
): string {
  if (errorKind !== undefined) return `The program failed on this example (${errorKind}): it gave no usable answer.`;
  const inputs = new Set(example.inputs);
  const labels = Object.entries(example.values).filter(([name]) => !inputs.has(name));
  const verdict =
    score === null ? "Not scored." : score >= 1 ? "Correct." : score <= 0 ? "Incorrect." : "Partly correct.";
  if (labels.length === 0) return verdict;
  const expected = labels.map(([name, value]) => `${name}: ${textOf(value)}`).join("; ");
  const got =
    outputs === null
      ? ""
      : ` The program gave ${
          labels
            .filter(([n]) => n in outputs)
            .map(([n]) => `${n}: ${textOf(outputs[n])}`)
            .join("; ") || "other fields"
        }.`;
  return `${verdict} The expected answer: ${expected}.${got}`;
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
