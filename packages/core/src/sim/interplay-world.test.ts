import { describe, expect, it } from "vitest";
import { Predict } from "../module/predict.ts";
import type { Demo } from "../module/state.ts";
import { SimLM } from "./sim-lm.ts";
import { simWorld } from "./sim-worlds.ts";
import { judgedTranscripts, pendingTranscripts } from "./testdata/airline-transcripts.ts";
import { judgeAgreement } from "./testdata/judge-agreement.ts";
import { simulatedTruth } from "./world.ts";

const interplay = simWorld("interplay");
const instructions =
  "Judge the final Support reply. It passes only if it addresses the customer's question, offers a concrete " +
  "next step and keeps a polite tone.";
const judged = judgedTranscripts(200);
const pool = judgedTranscripts(400, "demo-pool").filter((t) => simulatedTruth(t, interplay).hasReply);

/** What the instruction's criteria alone say: addresses, next step and polite all met. */
function instructionSays(transcript: string): boolean {
  const { addresses, nextStep, polite } = simulatedTruth(transcript, interplay).criteria;
  return addresses.met && nextStep.met && polite.met;
}

/**
 * Four correctly labelled passing demos that agree with the instruction (they meet all three of
 * its criteria) or conflict with it (they pass on the signature and one of them). Only passing
 * demos can conflict with this instruction, so both sets pass, and labels alone cannot explain
 * a difference.
 */
function demos(agree: boolean): Demo[] {
  return pool
    .filter((t) => simulatedTruth(t, interplay).verdict && instructionSays(t) === agree)
    .slice(0, 4)
    .map((transcript) => ({ transcript, satisfied: true }));
}

function agreement(instruction: string, shown: Demo[]): Promise<number> {
  return judgeAgreement("sim/default~interplay", instruction, judged, shown);
}

describe("the interplay world", () => {
  it("judges at least 15 points better with demos that agree with the instruction than with conflicting ones", async () => {
    // Prepare
    const agreeing = demos(true);
    const conflicting = demos(false);

    // Act
    const withAgreeing = await agreement(instructions, agreeing);
    const withConflicting = await agreement(instructions, conflicting);

    // Assess
    expect(agreeing).toHaveLength(4);
    expect(conflicting).toHaveLength(4);
    expect(withAgreeing - withConflicting).toBeGreaterThanOrEqual(0.15);
  });

  it("judges better with agreeing demos than with none, which naming the signature in words cannot match", async () => {
    const named = `${instructions} It must also be signed by the agent, with their name or initials at the end.`;

    const withDemos = await agreement(instructions, demos(true));
    const withWords = await agreement(named, []);

    expect(withDemos - withWords).toBeGreaterThanOrEqual(0.04);
  });

  it("writes signed replies far more often when its demos are signed, since words cannot ask for it", async () => {
    const generator = (demos: Demo[]) =>
      new Predict("transcript: string -> reply: string", { lm: new SimLM("sim/default~interplay"), demos });
    const signedRate = async (demos: Demo[], instruction: string) => {
      const program = generator(demos);
      program.signature = program.signature.withInstructions(instruction);
      let signed = 0;
      for (const transcript of pendingTranscripts(100)) {
        const reply = String((await program.call({ transcript })).get("reply"));
        if (simulatedTruth(`${transcript}\nSupport: ${reply}`, interplay).criteria.signed.met) signed++;
      }
      return signed / 100;
    };
    const signedDemos = pendingTranscripts(4, "signed-demos").map((transcript) => ({
      transcript,
      reply: "Sorry about that! Please DM us your confirmation number and we'll take a look. -Dana",
    }));

    const fromDemos = await signedRate(signedDemos, "Reply to the customer.");
    const fromWords = await signedRate([], "Reply to the customer and sign the reply with your name.");

    expect(fromDemos - fromWords).toBeGreaterThanOrEqual(0.25);
  });
});
