import { describe, expect, it } from "vitest";
import { evaluate } from "../evaluate/evaluate.ts";
import { LMError } from "../lm/errors.ts";
import { FakeLM } from "../lm/fake-lm.ts";
import { ChainOfThought } from "../module/chain-of-thought.ts";
import { Example } from "../module/example.ts";
import { Predict } from "../module/predict.ts";
import { SimLM } from "../sim/sim-lm.ts";
import { judgeMetric } from "./judge-metric.ts";

const conversation = "Company: Delta\nTranscript so far: Customer: my bag is lost at JFK, what now?";
const example = new Example({ company_and_transcript: conversation }, { id: "c-1" }).withInputs(
  "company_and_transcript",
);

function strongJudge() {
  const judge = new ChainOfThought("transcript -> satisfied: boolean", { lm: new SimLM("sim/strong") });
  judge.signature = judge.signature.withInstructions(
    "Decide whether the customer is satisfied: the reply must address the question, offer a concrete next step, " +
      "show empathy, be concise and polite.",
  );
  return judge;
}

describe("judgeMetric", () => {
  it("scores a helpful reply 1 and a dismissive one 0, judging the reply appended to the conversation", async () => {
    // Prepare
    const metric = judgeMetric(strongJudge());
    const good = new FakeLM([
      FakeLM.json({
        reply: "Sorry about your lost bag at JFK! Please DM us your bag tag number and we will trace it today.",
      }),
    ]);
    const bad = new FakeLM([FakeLM.json({ reply: "Not our problem. Calm down." })]);
    const generator = new Predict("company_and_transcript -> reply");

    // Act
    const passed = await evaluate(generator, [example], metric, { lm: good });
    const failed = await evaluate(generator, [example], metric, { lm: bad });

    // Assess
    expect(passed.records[0]?.score).toBe(1);
    expect(failed.records[0]?.score).toBe(0);
  });

  it("counts the judge's LM calls in the evaluation record", async () => {
    // Prepare
    const metric = judgeMetric(strongJudge());
    const generator = new Predict("company_and_transcript -> reply", {
      lm: new FakeLM([FakeLM.json({ reply: "DM us." })]),
    });

    // Act
    const result = await evaluate(generator, [example], metric);

    // Assess
    expect(result.records[0]?.calls).toBe(2);
  });

  it("turns a judge failure into an error record, never a 0", async () => {
    // Prepare
    const failing = new Predict("transcript -> satisfied: boolean", {
      lm: new FakeLM([new LMError("server", "sim 500", { provider: "fake", status: 500 })]),
    });
    const generator = new Predict("company_and_transcript -> reply", {
      lm: new FakeLM([FakeLM.json({ reply: "Hi" })]),
    });

    // Act
    const result = await evaluate(generator, [example], judgeMetric(failing));

    // Assess
    expect(result.records[0]).toMatchObject({ status: "error", score: null, errorKind: "server" });
    expect(result.score).toBeNull();
  });

  it("uses `compose` to build the judge's inputs when given", async () => {
    // Prepare
    const judge = new Predict("question, answer -> correct: boolean", {
      lm: new FakeLM([FakeLM.json({ correct: true })]),
    });
    const metric = judgeMetric(judge, {
      verdictField: "correct",
      compose: (ex, prediction) => ({ question: ex.get("q"), answer: prediction.get("a") }),
    });
    const program = new Predict("q -> a", { lm: new FakeLM([FakeLM.json({ a: "4" })]) });

    // Act
    const result = await evaluate(program, [new Example({ q: "2+2?" }).withInputs("q")], metric);

    // Assess
    expect(result.score).toBe(1);
  });
});
