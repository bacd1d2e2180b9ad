import { describe, expect, it } from "vitest";
import { ChainOfThought } from "../module/chain-of-thought.ts";
import { Predict } from "../module/predict.ts";
import type { Demo } from "../module/state.ts";
import { SimLM } from "./sim-lm.ts";
import { pendingTranscripts } from "./testdata/airline-transcripts.ts";
import { simulatedTruth } from "./world.ts";

const vague = "Reply to the customer.";
const criteriaNaming =
  "Write the next Support message. Answer the customer's question directly, give a concrete next step " +
  "(a DM request, a link or a rebooking), acknowledge their specific problem with empathy, be concise, and " +
  "stay polite and professional.";
const prompts = pendingTranscripts(150);

async function passRate(instructions: string, demos: Demo[] = [], model = "sim/default") {
  const generator = new Predict("transcript: string -> reply: string", { lm: new SimLM(model), demos });
  generator.signature = generator.signature.withInstructions(instructions);
  let passed = 0;
  for (const transcript of prompts) {
    const reply = (await generator.call({ transcript })).get("reply");
    if (simulatedTruth(`${transcript}\nSupport: ${String(reply)}`).verdict) passed++;
  }
  return passed / prompts.length;
}

describe("simulated reply generation", () => {
  it("writes replies that pass the simulated truth far more often when its instructions name the criteria", async () => {
    // Act
    const withVague = await passRate(vague);
    const withCriteria = await passRate(criteriaNaming);

    // Assess
    expect(withCriteria - withVague).toBeGreaterThanOrEqual(0.3);
  });

  it("writes worse replies than under vague instructions when its instructions negate the criteria", async () => {
    const negated =
      "Do not address the question. Never offer a next step. No empathy, don't apologize. Do not be polite.";

    const withNegated = await passRate(negated);
    const withVague = await passRate(vague);

    expect(withVague - withNegated).toBeGreaterThanOrEqual(0.15);
  });

  it("writes better replies under vague instructions when its demos show good replies", async () => {
    const goodDemos = pendingTranscripts(4).map((transcript) => ({
      transcript,
      reply:
        "We're sorry to hear about the trouble with your trip. Please DM us your record locator so we can take a closer look.",
    }));

    const withDemos = await passRate(vague, goodDemos);
    const without = await passRate(vague);

    expect(withDemos - without).toBeGreaterThanOrEqual(0.1);
  });

  it("reasons before replying when asked through ChainOfThought", async () => {
    const generator = new ChainOfThought("transcript: string -> reply: string", { lm: new SimLM("sim/strong") });

    const prediction = await generator.call({
      transcript: "Company: Delta\nTranscript so far: Customer: my bag is lost",
    });

    expect(prediction.get("reasoning")).toMatch(/bag/);
    expect(String(prediction.get("reply")).length).toBeGreaterThan(10);
  });
});
