import { describe, expect, it } from "vitest";
import { Predict } from "../module/predict.ts";
import { reflectionInputs, reflectionSignature } from "../optimize/gepa-reflection.ts";
import { instructionProposalSignature } from "../optimize/proposal-prompts.ts";
import { criterionStances } from "./instruction-reading.ts";
import type { CriterionId } from "./reply-checks.ts";
import { SimLM } from "./sim-lm.ts";
import { simWorld } from "./sim-worlds.ts";
import { judgedTranscripts, pendingTranscripts } from "./testdata/airline-transcripts.ts";
import { simulatedTruth } from "./world.ts";

// The proposer prompts are rendered from the real GEPA reflection and MIPRO proposal signatures.

const vague = "Decide whether the customer is satisfied.";
const evidence = simWorld("evidence");
const rollouts = [...Array(10).keys()];

async function proposals(lm: SimLM, signature: ReturnType<typeof reflectionSignature>, inputs: Record<string, string>) {
  const proposer = new Predict(signature, { lm });
  return Promise.all(
    rollouts.map(async (rolloutId) =>
      String((await proposer.call(inputs, { rolloutId, temperature: 1 })).get("proposed_instruction")),
    ),
  );
}

const asked = (proposal: string) => [...criterionStances(proposal)].filter(([, s]) => s === 1).map(([c]) => c);

/** Six real replies (failing this world) and six written under its writer instructions (passing). */
async function mixedTranscripts(): Promise<string[]> {
  const writer = new Predict("transcript -> reply", { lm: new SimLM("sim/strong~evidence") });
  writer.signature = writer.signature.withInstructions(evidence.writerInstructions);
  const written: string[] = [];
  for (const t of pendingTranscripts(6))
    written.push(`${t}\nSupport: ${String((await writer.call({ transcript: t })).get("reply"))}`);
  return [...judgedTranscripts(6, "r"), ...written];
}

/** Reflection examples of a judge that gets every other verdict wrong, with the given feedback. */
async function reflectionExamples(feedback: (gold: boolean, correct: boolean) => string) {
  return (await mixedTranscripts()).map((transcript, i) => {
    const gold = simulatedTruth(transcript, evidence).verdict;
    const said = i % 2 === 0 ? !gold : gold;
    return {
      example: { id: `e${i}`, values: { transcript, satisfied: gold }, inputs: ["transcript"] },
      outputs: { satisfied: said },
      score: said === gold ? 1 : 0,
      feedback: feedback(gold, said === gold),
    };
  });
}

describe("simulateEvidenceProposal", () => {
  it("names a criterion that critiques in its prompt point to, and none without them", async () => {
    // Prepare
    const lm = new SimLM("sim/strong~evidence");
    const critiqued = await reflectionExamples((_, correct) =>
      correct
        ? "The judge said the customer is satisfied."
        : "The judge said the customer is not satisfied: it gives no timeframe.",
    );
    const silent = await reflectionExamples(() => "The judge gave its verdict.");

    // Act
    const withEvidence = await proposals(lm, reflectionSignature(), reflectionInputs(vague, 0.5, critiqued));
    const without = await proposals(lm, reflectionSignature(), reflectionInputs(vague, 0.5, silent));

    // Assess
    expect(withEvidence.filter((p) => asked(p).includes("timeframe")).length).toBeGreaterThanOrEqual(8);
    expect(without.map(asked)).toEqual(rollouts.map(() => []));
  });

  it("finds criteria from failing examples whose gold labels the verdicts contradict", async () => {
    const lm = new SimLM("sim/strong~evidence");
    const failing = await reflectionExamples((gold, correct) =>
      correct
        ? `Correct. The expected answer: satisfied: ${gold}.`
        : `Incorrect. The expected answer: satisfied: ${gold}.`,
    );

    const found = await proposals(lm, reflectionSignature(), reflectionInputs(vague, 0.5, failing));

    const timesNamed = (criterion: CriterionId) => found.filter((p) => asked(p).includes(criterion)).length;
    expect(timesNamed("timeframe")).toBeGreaterThanOrEqual(7);
    expect(timesNamed("asksReference")).toBeGreaterThanOrEqual(7);
    for (const prior of ["nextStep", "empathy", "concise", "polite"] as const)
      expect(timesNamed(prior), prior).toBeLessThanOrEqual(3);
  });

  it("keeps what the current instruction asks for unless the evidence goes against it", async () => {
    const lm = new SimLM("sim/default~evidence");
    const current = "Judge the reply. Require a timeframe the customer can count on.";
    const silent = await reflectionExamples(() => "The judge gave its verdict.");

    const kept = await proposals(lm, reflectionSignature(), reflectionInputs(current, 0.5, silent));

    expect(kept.every((p) => asked(p).includes("timeframe"))).toBe(true);
  });

  it("names nothing from a data summary and demos, where the default world's proposer names criteria", async () => {
    const inputs = {
      dataset_description: "The examples are customer-support conversations with Delta. Customers write about bags.",
      program_description: "The program has 1 step: judge (transcript -> satisfied).",
      task_demos: `Example 1\ntranscript: ${judgedTranscripts(1)[0]}\nsatisfied: false`,
      basic_instruction: vague,
      previous_instructions: "None yet.",
      tip: "Make the instruction specific and detailed about what good outputs contain.",
    };

    const inEvidence = await proposals(new SimLM("sim/strong~evidence"), instructionProposalSignature(), inputs);
    const inDefault = await proposals(new SimLM("sim/strong"), instructionProposalSignature(), inputs);

    expect(inEvidence.map(asked)).toEqual(rollouts.map(() => []));
    expect(inDefault.filter((p) => asked(p).length > 0).length).toBeGreaterThanOrEqual(8);
  });
});
