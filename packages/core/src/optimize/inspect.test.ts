import { describe, expect, it } from "vitest";
import { ChainOfThought } from "../module/chain-of-thought.ts";
import { Example } from "../module/example.ts";
import { Predict } from "../module/predict.ts";
import { Program } from "../module/program.ts";
import { diffPrograms, inspectProgram } from "./inspect.ts";
import { withPrompts } from "./program-prompts.ts";
import { wordDiff } from "./word-diff.ts";

const transcript = "Customer: my bag is lost\nSupport: Sorry about your bag! DM us your tag number.";

function judgeProgram() {
  return new Program({ judge: new ChainOfThought("transcript -> satisfied: boolean") }, async (p, inputs, ctx) =>
    p.judge.call(inputs, ctx),
  );
}

describe("inspectProgram", () => {
  it("renders each predictor's messages for an example with its instructions and demos", () => {
    // Prepare
    const program = judgeProgram();
    const state = withPrompts(program.toState(), {
      judge: {
        instructions: "Check the next step.",
        demos: [{ transcript: "Customer: hi\nSupport: hello", satisfied: true }],
      },
    });

    // Act
    const [rendered] = inspectProgram(state, new Example({ transcript }).withInputs("transcript"));

    // Assess
    expect(rendered?.predictor).toBe("judge");
    expect(rendered?.messages?.[0]?.content).toContain("Check the next step.");
    expect(rendered?.messages?.at(-1)?.content).toContain("my bag is lost");
    expect(rendered?.messages).toHaveLength(4);
  });

  it("reports missing inputs instead of rendering a later step", () => {
    // Prepare
    const program = new Program(
      { draft: new Predict("question -> answer"), check: new Predict("answer -> ok: boolean") },
      async (p, inputs, ctx) => p.check.call((await p.draft.call(inputs, ctx)).outputs, ctx),
    );

    // Act
    const rendered = inspectProgram(program, { question: "Where is my bag?" });

    // Assess
    expect(rendered[0]?.messages).not.toBeNull();
    expect(rendered[1]).toMatchObject({ predictor: "check", messages: null, missingInputs: ["answer"] });
  });
});

describe("diffPrograms", () => {
  it("shows the instruction change as a word diff and the demos added", () => {
    // Prepare
    const baseline = judgeProgram().toState();
    const demo = { transcript, satisfied: true };
    const optimized = withPrompts(baseline, { judge: { instructions: "Judge the reply strictly.", demos: [demo] } });

    // Act
    const diff = diffPrograms(baseline, optimized);

    // Assess
    expect(diff.changed).toBe(true);
    const judge = diff.predictors[0];
    expect(judge?.instructions.changed).toBe(true);
    expect(judge?.instructions.diff.some((s) => s.op === "insert" && s.text.includes("strictly"))).toBe(true);
    expect(judge?.demos).toMatchObject({ before: 0, after: 1, added: [demo], removed: [], kept: 0 });
  });

  it("finds no change between a program and itself", () => {
    // Prepare
    const state = judgeProgram().toState();

    // Act
    const diff = diffPrograms(state, structuredClone(state));

    // Assess
    expect(diff.changed).toBe(false);
  });
});

describe("wordDiff", () => {
  it("keeps shared words and marks the rest as deleted or inserted", () => {
    // Act
    const diff = wordDiff("Judge the reply now.", "Judge the support reply.");

    // Assess
    const rebuiltAfter = diff
      .filter((s) => s.op !== "delete")
      .map((s) => s.text)
      .join(" ");
    const rebuiltBefore = diff
      .filter((s) => s.op !== "insert")
      .map((s) => s.text)
      .join(" ");
    expect(rebuiltAfter).toBe("Judge the support reply.");
    expect(rebuiltBefore).toBe("Judge the reply now.");
    expect(diff[0]).toEqual({ op: "equal", text: "Judge the" });
  });
});
