import { describe, expect, it } from "vitest";
import { Predict } from "../module/predict.ts";
import { SimLM } from "./sim-lm.ts";
import { criteriaNamedIn } from "./world.ts";

const proposer = new Predict("program_description, basic_instruction, tip -> proposed_instruction", {
  lm: new SimLM("sim/default"),
});

async function propose(basicInstruction: string, rolloutId: number): Promise<string> {
  const inputs = { program_description: "An LLM program.", basic_instruction: basicInstruction, tip: "Be creative." };
  return String((await proposer.call(inputs, { rolloutId, temperature: 1 })).get("proposed_instruction"));
}

describe("simulated instruction proposals", () => {
  it("varies across rollout ids and names different subsets of the criteria", async () => {
    // Act
    const proposals = await Promise.all(
      [...Array(12).keys()].map((i) => propose("Decide whether the customer is satisfied.", i)),
    );

    // Assess
    const namedCounts = new Set(proposals.map((p) => criteriaNamedIn(p).size));
    expect(new Set(proposals).size).toBeGreaterThanOrEqual(8);
    expect(namedCounts.size).toBeGreaterThanOrEqual(3);
  });

  it("favours criteria the best previous instruction asks for, not ones it negates", async () => {
    const withHistory = new Predict(
      "program_description, basic_instruction, previous_instructions -> proposed_instruction",
      { lm: new SimLM("sim/default") },
    );
    const count = async (best: string) => {
      let named = 0;
      for (const rolloutId of [...Array(200).keys()]) {
        const inputs = {
          program_description: "An LLM program.",
          basic_instruction: "Judge whether the customer is satisfied.",
          previous_instructions: `Instruction #1: ${best}\nScore: 0.90\nInstruction #2: Judge it.\nScore: 0.40`,
        };
        const proposal = (await withHistory.call(inputs, { rolloutId, temperature: 1 })).get("proposed_instruction");
        if (criteriaNamedIn(String(proposal)).has("empathy")) named++;
      }
      return named / 200;
    };

    const afterAsking = await count("Judge the reply; reward empathy for the customer's problem.");
    const afterNegating = await count("Judge the reply; no empathy, never apologize.");

    expect(afterAsking - afterNegating).toBeGreaterThanOrEqual(0.06);
  });

  it("writes judge instructions for a judge and reply instructions for a generator", async () => {
    const forJudge = await propose("Judge whether the customer is satisfied.", 1);
    const forGenerator = await propose("Write the next Support reply to the customer.", 1);

    expect(forJudge).toMatch(/judg|evaluat|satisf/i);
    expect(forGenerator).toMatch(/reply|Support message/);
  });
});

describe("simulated summaries", () => {
  it("summarizes examples by company and topic", async () => {
    const summarizer = new Predict("examples -> observations", { lm: new SimLM("sim/default") });
    const examples =
      "Company: Delta Air Lines\nTranscript so far: Customer: my bag is lost\n\nCompany: AirAsia\nCustomer: I want a refund";

    const observations = String((await summarizer.call({ examples })).get("observations"));

    expect(observations).toMatch(/Delta Air Lines, AirAsia/);
    expect(observations).toMatch(/bag, refund/);
  });
});

describe("simulated answers to other signatures", () => {
  it("gives every output field a value of its type", async () => {
    const predictor = new Predict(
      {
        inputs: { question: {} },
        outputs: { answer: {}, confidence: { type: "number" }, votes: { type: "integer" }, tags: { type: "string[]" } },
      },
      { lm: new SimLM("sim/default") },
    );

    const prediction = await predictor.call({ question: "Which terminal does flight AA100 leave from?" });

    expect(typeof prediction.get("answer")).toBe("string");
    expect(typeof prediction.get("confidence")).toBe("number");
    expect(Number.isInteger(prediction.get("votes"))).toBe(true);
    expect(Array.isArray(prediction.get("tags"))).toBe(true);
  });
});
