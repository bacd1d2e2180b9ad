import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Message } from "../../lm/types.ts";
import type { Demo } from "../../module/state.ts";
import { enumType } from "../../signature/field.ts";
import { Signature } from "../../signature/signature.ts";

// Test support: the cases of dspy-render-golden.json (messages DSPy itself rendered; see its
// "about"), rebuilt on the TypeScript side.

interface Golden {
  cases: Record<"judge-chat" | "typed-chat" | "typed-json", Message[]>;
}

export const golden = JSON.parse(readFileSync(new URL("./dspy-render-golden.json", import.meta.url), "utf8")) as Golden;

export const finding = z.object({ issue: z.string(), severity: z.number().int() }).meta({ title: "Finding" });

/** Every output type a signature can have, plus a list given to a string input and a list[str] input. */
export function typedSignature(): Signature {
  return Signature.fromSpec({
    inputs: {
      question: { description: "The customer's question" },
      passages: {},
      history: { type: "string[]", description: "Earlier turns" },
    },
    outputs: {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: DSPy's literal placeholder description
      reasoning: { description: "${reasoning}" },
      satisfied: { type: "boolean", description: "Whether the reply satisfies the customer" },
      score: { type: "integer" },
      confidence: { type: "number", description: "From 0 to 1" },
      tags: { type: "string[]" },
      label: { type: enumType(["good", "bad", "it's fine"]) },
      finding: { type: finding, description: "" },
    },
    instructions: "\n    Judge the reply.\n\n      Be strict about facts.\n  \n    Answer briefly.\n",
  });
}

/** Complete, incomplete (with a null), input-only (dropped) and complete again, in that order. */
export const typedDemos: Demo[] = [
  {
    question: "Where is my bag?",
    passages: ["Bags arrive at belt 5.", "Lost bags:\ncall desk «B»"],
    history: ["hi", "hello"],
    reasoning: "Accurate.",
    satisfied: true,
    score: 4,
    confidence: 0.75,
    tags: ["baggage", "belt"],
    label: "good",
    finding: { issue: "none", severity: 0 },
    augmented: true,
  },
  {
    question: "Refund?",
    passages: ["Refunds take 7 days."],
    history: [],
    satisfied: false,
    label: "it's fine",
    confidence: null,
  },
  { question: "Only an input" },
  {
    question: "Seat change?",
    passages: [],
    history: ["x"],
    reasoning: "Vague.",
    satisfied: false,
    score: 1,
    confidence: 0.00001,
    tags: [],
    label: "bad",
    finding: { issue: "vague", severity: 2 },
  },
];

export const typedInputs = {
  question: "Can I bring a dog?",
  passages: ["Pets fly in cabin under 8 kg."],
  history: ["Customer: hi"],
};
