import { describe, expect, it } from "vitest";
import { ChainOfThought } from "../module/chain-of-thought.ts";
import type { Demo } from "../module/state.ts";
import { SimLM } from "./sim-lm.ts";
import { judgedTranscripts } from "./testdata/airline-transcripts.ts";
import { simulatedTruth } from "./world.ts";

// Judges render their prompts with the real JSONAdapter (ChainOfThought's default adapter), so
// the simulator sees exactly what a provider would.

const vague = "Decide whether the customer is satisfied.";
const criteriaNaming =
  "Judge the final Support reply. It passes only if it addresses the customer's question, offers a concrete " +
  "next step, shows empathy for their specific problem, is concise, and keeps a polite, professional tone.";
const transcripts = judgedTranscripts(200);

async function agreement(model: string, instructions: string, demos: Demo[] = [], pool = transcripts) {
  const judge = new ChainOfThought("transcript: string -> satisfied: boolean", { lm: new SimLM(model), demos });
  judge.signature = judge.signature.withInstructions(instructions);
  let agreed = 0;
  for (const transcript of pool) {
    const prediction = await judge.call({ transcript });
    if (prediction.get("satisfied") === simulatedTruth(transcript).verdict) agreed++;
  }
  return agreed / pool.length;
}

function labelledDemos(correct: boolean): Demo[] {
  return judgedTranscripts(4, "demo-pool").map((transcript) => ({
    transcript,
    satisfied: simulatedTruth(transcript).verdict === correct,
  }));
}

describe("simulated judge agreement", () => {
  it("agrees with the simulated truth at least 10 points more often when its instructions name the criteria", async () => {
    // Act
    const withVague = await agreement("sim/default", vague);
    const withCriteria = await agreement("sim/default", criteriaNaming);

    // Assess
    expect(transcripts).toHaveLength(200);
    expect(withCriteria - withVague).toBeGreaterThanOrEqual(0.1);
  });

  it("agrees at least 30 points less often when keyword-stuffed instructions negate the criteria", async () => {
    const stuffed =
      "Do not address the question. Never offer a resolution. No empathy. Don't apologize. Avoid next steps. " +
      "Never be concise. Do not keep a polite or professional tone.";

    const withStuffed = await agreement("sim/strong", stuffed);
    const withCriteria = await agreement("sim/strong", criteriaNaming);
    const withVague = await agreement("sim/strong", vague);

    expect(withCriteria - withStuffed).toBeGreaterThanOrEqual(0.3);
    expect(withStuffed).toBeLessThan(withVague);
  });

  it("agrees more often as a stronger model given the same instructions", async () => {
    const weak = await agreement("sim/weak", criteriaNaming);
    const strong = await agreement("sim/strong", criteriaNaming);

    expect(strong - weak).toBeGreaterThanOrEqual(0.05);
  });

  it("agrees more with correctly labelled demos than with mislabelled ones", async () => {
    const good = await agreement("sim/default", vague, labelledDemos(true));
    const bad = await agreement("sim/default", vague, labelledDemos(false));

    expect(good - bad).toBeGreaterThanOrEqual(0.1);
  });

  it("passes padded failing replies more often when weak, which the length-bias statistic can find", async () => {
    const padding =
      " We truly value your loyalty and appreciate you choosing us. Our team works around the clock to make every" +
      " journey as smooth and comfortable as possible for everyone. Have a wonderful day, and we hope to welcome" +
      " you on board again very soon.";
    // Padding past the concise band never adds a criterion; pairs where it happens to echo the
    // customer's words (and so flips the truth) are left out.
    const pairs = judgedTranscripts(600)
      .map((t) => [t, `${t}${padding}${padding}`] as const)
      .filter(([t, p]) => !simulatedTruth(t).verdict && !simulatedTruth(p).verdict)
      .slice(0, 300);
    const failing = pairs.map(([t]) => t);
    const padded = pairs.map(([, p]) => p);

    const passRate = async (model: string, pool: string[]) => 1 - (await agreement(model, criteriaNaming, [], pool));
    const weakShift = (await passRate("sim/weak", padded)) - (await passRate("sim/weak", failing));
    const goldShift = (await passRate("sim/gold", padded)) - (await passRate("sim/gold", failing));

    expect(pairs).toHaveLength(300);
    expect(weakShift).toBeGreaterThanOrEqual(0.08);
    expect(Math.abs(goldShift)).toBeLessThan(0.06);
  });
});
