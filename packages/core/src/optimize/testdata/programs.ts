import type { LM } from "../../lm/types.ts";
import { ChainOfThought } from "../../module/chain-of-thought.ts";
import { Predict } from "../../module/predict.ts";
import { Program } from "../../module/program.ts";

// Test support: the airline programs the optimizer tests and the bench start from.

/** The baseline judge: DSPy's default instruction, nothing about what makes a reply good. */
export function baselineJudge(lm: LM): Program<{ judge: ChainOfThought }> {
  return new Program(
    { judge: new ChainOfThought("transcript -> satisfied: boolean") },
    async (p, inputs, ctx) => p.judge.call(inputs, ctx),
    { lm },
  );
}

/** The baseline reply generator. */
export function baselineGenerator(lm: LM): Program<{ generate: Predict }> {
  return new Program(
    { generate: new Predict("company_and_transcript -> reply") },
    async (p, inputs, ctx) => p.generate.call(inputs, ctx),
    { lm },
  );
}

/** A judge whose instructions name every criterion: a stand-in for an aligned judge. */
export function rubricJudge(lm: LM): ChainOfThought {
  const judge = new ChainOfThought("transcript -> satisfied: boolean", { lm });
  judge.signature = judge.signature.withInstructions(
    "Decide whether the customer is satisfied. Check that the reply addresses the customer's question, offers a " +
      "concrete next step, shows empathy for their specific problem, is concise and keeps a polite tone.",
  );
  return judge;
}
