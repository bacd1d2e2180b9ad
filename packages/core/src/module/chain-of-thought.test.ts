import { describe, expect, it } from "vitest";
import { FakeLM } from "../lm/fake-lm.ts";
import { Signature } from "../signature/signature.ts";
import { ChainOfThought } from "./chain-of-thought.ts";
import { Predict } from "./predict.ts";
import { predictorFromState } from "./predictor-state.ts";

const judgeSignature = "transcript: string -> satisfied: boolean, critique: string";

describe("ChainOfThought", () => {
  it("puts reasoning first among the outputs, before the signature's own", () => {
    const judge = new ChainOfThought(judgeSignature);

    expect(judge.signature.outputs.map((f) => f.name)).toEqual(["reasoning", "satisfied", "critique"]);
    expect(judge.signature.inputs.map((f) => f.name)).toEqual(["transcript"]);
  });

  it("describes reasoning the way DSPy does", () => {
    const reasoning = new ChainOfThought(judgeSignature).signature.field("reasoning");

    expect(reasoning).toMatchObject({
      type: { kind: "string" },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: DSPy's literal placeholder, not a template
      description: "${reasoning}",
      prefix: "Reasoning: Let's think step by step in order to",
    });
  });

  it("keeps custom instructions and the default ones current", () => {
    const custom = Signature.parse("question -> answer", "Answer briefly.");

    const withCustom = new ChainOfThought(custom);
    const withDefault = new ChainOfThought("question -> answer");

    expect(withCustom.signature.instructions).toBe("Answer briefly.");
    expect(withDefault.signature.instructions).toBe(
      "Given the fields `question`, produce the fields `reasoning`, `answer`.",
    );
  });

  it("asks the model for reasoning first and returns it with the answer", async () => {
    const lm = new FakeLM([FakeLM.json({ reasoning: "the claim was filed", satisfied: true, critique: "clear" })]);

    const prediction = await new ChainOfThought(judgeSignature, { lm }).call({ transcript: "Customer: hi" });

    expect(prediction.outputs).toEqual({ reasoning: "the claim was filed", satisfied: true, critique: "clear" });
    const reminder = lm.lastRequest?.messages.at(-1)?.content ?? "";
    expect(reminder).toContain("`reasoning`, then `satisfied`");
  });

  it("restores from state as a ChainOfThought without adding reasoning twice", () => {
    const judge = new ChainOfThought(judgeSignature, { demos: [{ transcript: "x", satisfied: false }] });

    const restored = predictorFromState(judge.toState());

    expect(restored).toBeInstanceOf(ChainOfThought);
    expect(restored.signature.outputs.map((f) => f.name)).toEqual(["reasoning", "satisfied", "critique"]);
    expect(restored.toState()).toEqual(judge.toState());
  });

  it("refuses a state of another kind", () => {
    const state = new Predict("q -> a").toState();

    expect(() => ChainOfThought.fromState(state)).toThrow("is a chain_of_thought but its state is a predict");
  });
});
