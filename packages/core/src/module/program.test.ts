import { describe, expect, it } from "vitest";
import { FakeLM } from "../lm/fake-lm.ts";
import type { LM } from "../lm/types.ts";
import { ChainOfThought } from "./chain-of-thought.ts";
import { Predict } from "./predict.ts";
import { Prediction } from "./prediction.ts";
import { type ForwardFunction, Program } from "./program.ts";
import { programStateFormat } from "./state.ts";

type SupportPredictors = { generate: Predict; judge: ChainOfThought };

const forward: ForwardFunction<SupportPredictors> = async (p, inputs, ctx) => {
  const reply = await p.generate.call(inputs, ctx);
  const verdict = await p.judge.call({ ...inputs, reply: reply.get("reply") }, ctx);
  return { reply: reply.get("reply"), satisfied: verdict.get("satisfied") };
};

function supportProgram(options: { lm?: LM } = {}): Program<SupportPredictors> {
  const predictors = {
    generate: new Predict("transcript -> reply"),
    judge: new ChainOfThought("transcript, reply -> satisfied: boolean"),
  };
  return new Program(predictors, forward, { name: "support", ...options });
}

const generatorLM = () => new FakeLM(() => FakeLM.json({ reply: "Your bag is on its way." }), { model: "fake/small" });
const judgeLM = () =>
  new FakeLM(() => FakeLM.json({ reasoning: "tracked", satisfied: true }), { model: "fake/large", costUsd: 0.02 });

describe("Program", () => {
  it("lists its predictors by name in declaration order", () => {
    const program = supportProgram();

    expect(program.namedPredictors().map(([name]) => name)).toEqual(["generate", "judge"]);
    expect(program.predictor("judge").name).toBe("judge");
    expect(() => program.predictor("nope")).toThrow("program has no predictor `nope` (it has: generate, judge)");
  });

  it("runs the generator on the default LM and the judge on its own bound LM", async () => {
    const small = generatorLM();
    const large = judgeLM();
    const program = supportProgram({ lm: small }).bind("judge", large);

    const prediction = await program.call({ transcript: "Customer: where is my bag?" });

    expect(prediction.outputs).toEqual({ reply: "Your bag is on its way.", satisfied: true });
    expect([small.callCount, large.callCount]).toEqual([1, 1]);
    expect(large.lastRequest?.messages.at(-1)?.content).toContain("Your bag is on its way.");
    expect(prediction.calls.map((c) => [c.predictor, c.model])).toEqual([
      ["generate", "fake/small"],
      ["judge", "fake/large"],
    ]);
    expect(prediction.costUsd).toBeCloseTo(0.02);
  });

  it("round-trips through state: instructions, demos and LM bindings", () => {
    const program = supportProgram().bind("judge", "anthropic/claude-haiku-4-5");
    const judge = program.predictor("judge");
    judge.signature = judge.signature.withInstructions("Decide whether the customer is satisfied.");
    judge.demos = [{ transcript: "Customer: thanks", reply: "You're welcome", satisfied: true, augmented: true }];

    const saved = JSON.parse(JSON.stringify(program.toState()));
    const restored = Program.fromState<SupportPredictors>(saved, forward);

    expect(restored.toState()).toEqual(program.toState());
    expect(saved).toMatchObject({
      format: programStateFormat,
      name: "support",
      predictors: { generate: { kind: "predict", lm: null }, judge: { kind: "chain_of_thought" } },
    });
    expect(restored.predictors.judge).toBeInstanceOf(ChainOfThought);
    expect(restored.predictors.judge.model).toBe("anthropic/claude-haiku-4-5");
  });

  it("resolves model strings in state through its LM resolver", async () => {
    const lms: Record<string, FakeLM> = { "fake/small": generatorLM(), "fake/large": judgeLM() };
    const state = supportProgram().bind("generate", "fake/small").bind("judge", "fake/large").toState();
    const resolveLM = (model: string) => lms[model] ?? new FakeLM();

    const prediction = await Program.fromState(state, forward, { resolveLM }).call({ transcript: "Customer: hi" });

    expect(prediction.get("satisfied")).toBe(true);
    expect([lms["fake/small"]?.callCount, lms["fake/large"]?.callCount]).toEqual([1, 1]);
  });

  it("rejects state of an unknown format, naming what it found", () => {
    const state = { format: "dspy", predictors: {} } as unknown as Parameters<typeof Program.fromState>[0];

    expect(() => Program.fromState(state, forward)).toThrow('must be "judgeloop.program/1" (found "dspy")');
  });

  it("clones deeply: editing the copy leaves the original program alone", () => {
    const program = supportProgram({ lm: generatorLM() });
    const before = JSON.stringify(program.toState());

    const copy = program.clone();
    copy.predictors.judge.signature = copy.predictors.judge.signature.withInstructions("Be strict.");
    copy.predictors.generate.demos.push({ transcript: "Customer: hi", reply: "Hello!" });
    copy.bind("judge", judgeLM());

    expect(JSON.stringify(program.toState())).toBe(before);
    expect(copy.predictors.judge).not.toBe(program.predictors.judge);
    expect(copy.lm).toBe(program.lm);
  });

  it("loads a matching state into a copy with withState", () => {
    const program = supportProgram();
    const tuned = program.clone();
    tuned.predictors.generate.demos = [{ transcript: "Customer: hi", reply: "Hello!" }];

    const loaded = program.withState(tuned.toState());

    expect(loaded.predictors.generate.demos).toEqual([{ transcript: "Customer: hi", reply: "Hello!" }]);
    expect(program.predictors.generate.demos).toEqual([]);
  });

  it("refuses withState when the state names another predictor", () => {
    const state = supportProgram().toState();
    state.predictors.extra = state.predictors.generate as (typeof state.predictors)[string];

    expect(() => supportProgram().withState(state)).toThrow("program has no predictor `extra`");
  });

  it("lets a call's lm override every binding", async () => {
    const override = new FakeLM((request) =>
      request.messages.at(-1)?.content.includes("`reasoning`")
        ? FakeLM.json({ reasoning: "r", satisfied: false })
        : FakeLM.json({ reply: "x" }),
    );
    const program = supportProgram({ lm: generatorLM() }).bind("judge", judgeLM());

    const prediction = await program.call({ transcript: "Customer: hi" }, { lm: override });

    expect(prediction.get("satisfied")).toBe(false);
    expect(override.callCount).toBe(2);
  });

  it("accepts a forward function that returns a Prediction", async () => {
    const lm = generatorLM();
    const program = new Program({ generate: new Predict("transcript -> reply") }, (p, inputs, ctx) =>
      p.generate.call(inputs, ctx),
    );

    const prediction = await program.call({ transcript: "Customer: hi" }, { defaultLM: lm });

    expect(prediction).toBeInstanceOf(Prediction);
    expect(prediction.calls).toHaveLength(1);
  });
});
