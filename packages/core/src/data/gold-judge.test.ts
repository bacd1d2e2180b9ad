import { describe, expect, it } from "vitest";
import { SimLM } from "../sim/sim-lm.ts";
import { appendReply, companyTranscript } from "./conversation.ts";
import { createGoldJudge, goldJudgeInstructions, goldLabels } from "./gold-judge.ts";
import { labelStats } from "./labels.ts";

function transcript(customer: string, reply: string): string {
  return appendReply(companyTranscript("Delta Air Lines", `Customer: ${customer}`), reply);
}

const rows = [
  {
    conversation_id: "good",
    output_transcript: transcript(
      "my bag never arrived in Boston and I have a meeting tomorrow",
      "So sorry about your bag! Please DM us your bag tag number and we'll track it down and deliver it to you.",
    ),
  },
  {
    conversation_id: "bad",
    output_transcript: transcript("my bag never arrived in Boston and I have a meeting tomorrow", "Not our problem."),
  },
];

describe("goldJudgeInstructions", () => {
  it("names every rubric criterion", () => {
    for (const criterion of ["Answer quality", "Professional tone", "response to feedback", "Concise and clear"]) {
      expect(goldJudgeInstructions).toContain(criterion);
    }
  });
});

describe("createGoldJudge", () => {
  it("is a chain of thought with a verdict and a critique", () => {
    const judge = createGoldJudge();

    expect(judge.kind).toBe("chain_of_thought");
    expect(judge.signature.outputs.map((field) => field.name)).toEqual(["reasoning", "satisfied", "critique"]);
  });
});

describe("goldLabels", () => {
  it("labels transcripts with the simulator as the gold model", async () => {
    const result = await goldLabels(rows, createGoldJudge(), {
      lm: new SimLM("sim/gold"),
      transcriptField: "output_transcript",
    });

    expect(result.failures).toEqual([]);
    expect(result.simulated).toBe(true);
    expect(result.labels.map((label) => [label.conversation_id, label.satisfied])).toEqual([
      ["good", true],
      ["bad", false],
    ]);
    expect(labelStats(result.labels).critique.empty).toBe(0);
  });

  it("reports rows it could not label instead of guessing", async () => {
    const result = await goldLabels(rows, createGoldJudge(), {
      lm: new SimLM("sim/gold", { faults: "500:1" }),
      transcriptField: "output_transcript",
      concurrency: 1,
    });

    expect(result.labels).toEqual([]);
    expect(result.failures.map((failure) => failure.conversation_id)).toEqual(["good", "bad"]);
  });
});
