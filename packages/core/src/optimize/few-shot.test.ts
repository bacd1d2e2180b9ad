import { beforeAll, describe, expect, it } from "vitest";
import { exactMatch } from "../evaluate/metrics.ts";
import { ChainOfThought } from "../module/chain-of-thought.ts";
import type { Example } from "../module/example.ts";
import { Program } from "../module/program.ts";
import { SimLM } from "../sim/sim-lm.ts";
import { BootstrapFewShot } from "./bootstrap-few-shot.ts";
import { BootstrapFewShotWithRandomSearch } from "./bootstrap-few-shot-with-random-search.ts";
import { LabeledFewShot } from "./labeled-few-shot.ts";
import { judgeExamples } from "./testdata/airline.ts";
import { traceProgram } from "./trace.ts";

function judgeProgram() {
  return new Program(
    { judge: new ChainOfThought("transcript -> satisfied: boolean") },
    async (p, inputs, ctx) => p.judge.call(inputs, ctx),
    { lm: new SimLM("sim/weak") },
  );
}

let examples: Example[] = [];
const transcripts = () => new Set(examples.map((e) => e.get("transcript")));

beforeAll(async () => {
  examples = await judgeExamples(24, new SimLM("sim/strong"), "few-shot-tests");
});

describe("traceProgram", () => {
  it("records what each predictor saw and produced, leaving the program untouched", async () => {
    // Prepare
    const program = judgeProgram();
    const inputs = examples[0]?.inputs() ?? {};

    // Act
    const { prediction, trace } = await traceProgram(program, inputs);

    // Assess
    expect(trace).toHaveLength(1);
    expect(trace[0]?.predictor).toBe("judge");
    expect(trace[0]?.inputs).toEqual(inputs);
    expect(trace[0]?.outputs).toEqual(prediction.outputs);
    expect(Object.hasOwn(program.predictor("judge"), "call")).toBe(false);
  });
});

describe("LabeledFewShot", () => {
  it("gives every predictor k labeled trainset examples, the same ones for the same seed", () => {
    // Act
    const first = new LabeledFewShot({ k: 3, seed: 1 }).compile(judgeProgram(), examples);
    const second = new LabeledFewShot({ k: 3, seed: 1 }).compile(judgeProgram(), examples);

    // Assess
    const demos = first.predictor("judge").demos;
    expect(demos).toHaveLength(3);
    for (const demo of demos) expect(transcripts().has(demo.transcript)).toBe(true);
    expect(second.predictor("judge").demos).toEqual(demos);
  });
});

describe("BootstrapFewShot", () => {
  it("keeps only traces that pass the metric, then tops up with labeled demos", async () => {
    // Prepare
    const optimizer = new BootstrapFewShot({
      metric: exactMatch("satisfied"),
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 4,
      seed: 5,
    });

    // Act
    const optimized = await optimizer.compile(judgeProgram(), examples);

    // Assess
    const demos = optimized.predictor("judge").demos;
    const augmented = demos.filter((d) => d.augmented === true);
    expect(augmented).toHaveLength(2);
    expect(demos).toHaveLength(4);
    for (const demo of augmented) {
      const gold = examples.find((e) => e.get("transcript") === demo.transcript)?.get("satisfied");
      expect(demo.satisfied).toBe(gold);
      expect(typeof demo.reasoning).toBe("string");
    }
  });

  it("leaves the student program as it was", async () => {
    // Prepare
    const student = judgeProgram();

    // Act
    await new BootstrapFewShot({ metric: exactMatch("satisfied"), maxBootstrappedDemos: 1 }).compile(student, examples);

    // Assess
    expect(student.predictor("judge").demos).toEqual([]);
  });
});

describe("BootstrapFewShotWithRandomSearch", () => {
  it("evaluates zero-shot, labeled, unshuffled and shuffled candidates and keeps the best", async () => {
    // Prepare
    const optimizer = new BootstrapFewShotWithRandomSearch({
      metric: exactMatch("satisfied"),
      numCandidatePrograms: 2,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 2,
      seed: 3,
    });

    // Act
    const result = await optimizer.compile(judgeProgram(), examples.slice(0, 12), examples.slice(12));

    // Assess
    expect(result.candidates.map((c) => c.kind)).toEqual([
      "zero_shot",
      "labeled",
      "unshuffled",
      "shuffled",
      "shuffled",
    ]);
    const best = Math.max(...result.candidates.map((c) => c.score ?? 0));
    expect(result.score).toBe(best);
    expect(result.program.toState()).toEqual(result.candidates.find((c) => c.score === best)?.program);
  });
});
