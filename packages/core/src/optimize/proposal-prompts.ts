import type { Demo, ProgramState } from "../module/state.ts";
import { Signature } from "../signature/signature.ts";
import type { ExampleData } from "./example-data.ts";

/**
 * Prompting tips, one drawn at random per proposal (DSPy's grounded proposer does the same with
 * its own tip list) so proposals differ in style. Worded without task vocabulary, so a tip never
 * changes what the task looks like.
 */
export const proposalTips: Readonly<Record<string, string>> = {
  none: "",
  creative: "Be creative: phrase the task in a fresh way that could help the model.",
  simple: "Keep the instruction simple and short.",
  description: "Make the instruction specific and detailed about what good outputs contain.",
  high_stakes: "Explain what is at stake when the outputs are wrong, and what to check before answering.",
  persona: "Open the instruction with a persona that suits the task.",
};

/**
 * The summarizer's signature: a batch of examples in, a short description of the data out.
 *
 * @example
 * new Predict(datasetSummarySignature(), { lm: proposer }).call({ examples });
 */
export function datasetSummarySignature(): Signature {
  return Signature.fromSpec({
    inputs: { examples: { description: "Examples from the dataset, one block per example" } },
    outputs: { summary: { description: "Two or three sentences on what the data is about and what stands out" } },
    instructions:
      "Study the examples from a dataset and summarize it: what the inputs are, what they are about, which " +
      "patterns recur, and anything a prompt for this data should take into account.",
  });
}

/**
 * The proposer's signature: grounding information in, one new instruction out.
 *
 * @example
 * new Predict(instructionProposalSignature(), { lm: proposer }).call(inputs, { temperature: 0.5, rolloutId: 2 });
 */
export function instructionProposalSignature(): Signature {
  return Signature.fromSpec({
    inputs: {
      dataset_description: { description: "A summary of the data the program runs on" },
      program_description: { description: "What the program does and which step this instruction is for" },
      task_demos: { description: "Example inputs and outputs of this step" },
      basic_instruction: { description: "The step's current instruction" },
      previous_instructions: { description: "Instructions tried before, with their scores where known" },
      tip: { description: "A tip on how to phrase the new instruction" },
    },
    outputs: {
      proposed_instruction: { description: "The new instruction for this step, ready to use as its prompt" },
    },
    instructions:
      "Propose a better instruction for one step of a language-model program. Use the data summary, the " +
      "program description, the example inputs and outputs, the current instruction and the earlier attempts " +
      "with their scores, and follow the tip. The new instruction should name what makes an output good on " +
      "data like the examples.",
  });
}

/**
 * The examples shown to the summarizer, as text blocks (inputs and labels).
 *
 * @example
 * summarizerInputs(trainset.slice(0, 10)).examples; // "Example 1\ntranscript: ...\nsatisfied: true\n\n..."
 */
export function summarizerInputs(examples: readonly ExampleData[]): Record<string, string> {
  const blocks = examples.map((e, i) => `Example ${i + 1}\n${fieldLines(e.values)}`);
  return { examples: blocks.join("\n\n") };
}

/**
 * A plain description of the program and of the step being improved, from its saved state.
 *
 * @example
 * describeProgram(state, "judge"); // "The program has 1 step: judge (transcript -> reasoning, satisfied). ..."
 */
export function describeProgram(program: ProgramState, predictor: string): string {
  const steps = Object.entries(program.predictors).map(([name, p]) => {
    const inputs = p.signature.inputs.map((f) => f.name).join(", ");
    const outputs = p.signature.outputs.map((f) => f.name).join(", ");
    return `${name} (${inputs} -> ${outputs})`;
  });
  const target = program.predictors[predictor];
  const fields = target
    ? ` It reads ${target.signature.inputs.map((f) => `\`${f.name}\``).join(", ")} and produces ${target.signature.outputs.map((f) => `\`${f.name}\``).join(", ")}.`
    : "";
  const count = steps.length === 1 ? "1 step" : `${steps.length} steps`;
  return `The program has ${count}: ${steps.join("; ")}. The instruction is for the step \`${predictor}\`.${fields}`;
}

/**
 * A few demos as text blocks for the proposer; "No examples." when there are none.
 *
 * @example
 * demosText(demoSet.demos, 3);
 */
export function demosText(demos: readonly Demo[], limit: number): string {
  const shown = demos.slice(0, limit).map((demo, i) => {
    const { augmented: _augmented, ...values } = demo;
    return `Example ${i + 1}\n${fieldLines(values)}`;
  });
  return shown.length === 0 ? "No examples." : shown.join("\n\n");
}

/**
 * Earlier instructions in the form the proposer reads: `Instruction #n: ...` then `Score: x`.
 *
 * @example
 * historyText([{ text: "Judge the reply.", score: 0.55 }]); // "Instruction #1: Judge the reply.\nScore: 0.55"
 */
export function historyText(history: readonly { text: string; score: number | null }[]): string {
  if (history.length === 0) return "None yet.";
  return history
    .map((h, i) => {
      const line = `Instruction #${i + 1}: ${h.text.replace(/\s+/g, " ").trim()}`;
      return h.score === null ? line : `${line}\nScore: ${h.score.toFixed(2)}`;
    })
    .join("\n");
}

function fieldLines(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("\n");
}
