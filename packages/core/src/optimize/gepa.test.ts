import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../evaluate/evaluate.ts";
import { exactMatch } from "../evaluate/metrics.ts";
import { cacheKey, MemoryCacheStore, withCache } from "../lm/cache.ts";
import type { LM } from "../lm/types.ts";
import type { Example } from "../module/example.ts";
import { Program } from "../module/program.ts";
import { SimLM } from "../sim/sim-lm.ts";
import { gepaInProcess } from "./gepa-in-process.ts";
import type { GepaState } from "./gepa-state.ts";
import { judgeMetric } from "./judge-metric.ts";
import { generatorExamples, judgeExamples } from "./testdata/airline.ts";
import { baselineGenerator, baselineJudge, rubricJudge } from "./testdata/programs.ts";

// Runs against the simulator: every score here is simulated.

const metric = exactMatch("satisfied");
let train: Example[] = [];
let heldOut: Example[] = [];

beforeAll(async () => {
  const examples = await judgeExamples(120, new SimLM("sim/strong"), "gepa-tests");
  train = examples.slice(0, 60);
  heldOut = examples.slice(60);
});

describe("gepaInProcess (simulated)", () => {
  it("raises the judge's held-out agreement with gold labels by at least 0.15", async () => {
    // Act
    const run = await gepaInProcess({
      program: baselineJudge(new SimLM("sim/weak")),
      trainset: train,
      metric,
      proposerLM: new SimLM("sim/strong"),
      options: { maxMetricCalls: 200, seed: 5 },
    });
    const baseline = await evaluate(baselineJudge(new SimLM("sim/weak")), heldOut, metric);
    const optimized = await evaluate(run.program, heldOut, metric);

    // Assess
    expect(optimized.score ?? 0).toBeGreaterThanOrEqual((baseline.score ?? 0) + 0.15);
    expect(run.bestScore ?? 0).toBeGreaterThan(run.baselineScore ?? 1);
    expect(run.confirm).toBeNull(); // no confirmation split by default
    expect(run.state.reflections.some((r) => r.outcome === "accepted")).toBe(true);
    expect(run.program.toState()).toEqual(run.state.result?.program);
  });

  it("resumes a run killed mid-search to the same program with no repeated LM call", async () => {
    // Prepare
    const straight = countedLMs(new MemoryCacheStore());
    const interrupted = countedLMs(new MemoryCacheStore());
    let saved = "";

    // Act
    const uninterrupted = await runWith(straight);
    const killed = runWith(interrupted, {
      onCheckpoint: (state) => {
        saved = JSON.stringify(state);
        if (state.phase === "search" && state.iterations >= 4) throw new Error("killed");
      },
    });
    await expect(killed).rejects.toThrow("killed");
    const callsBeforeKill = interrupted.keys.length;
    const resumed = await runWith(countedLMs(interrupted.store, interrupted.keys), {
      resumeFrom: JSON.parse(saved) as GepaState,
    });

    // Assess
    expect(resumed.state.result).toEqual(uninterrupted.state.result);
    expect(interrupted.keys.length).toBeGreaterThan(callsBeforeKill);
    expect(interrupted.keys.length).toBe(straight.keys.length);
    expect(new Set(interrupted.keys).size).toBe(interrupted.keys.length);
  });

  it("feeds a generator's reflection the aligned judge's critiques", async () => {
    // Prepare
    const rubric = rubricJudge(new SimLM("sim/strong"));
    rubric.signature = rubric.signature.append("output", "critique", {});
    const withCritique = new Program({ judge: rubric }, async (p, inputs, ctx) => p.judge.call(inputs, ctx));
    const examples = generatorExamples(40, "gepa-tests");

    // Act
    const run = await gepaInProcess({
      program: baselineGenerator(new SimLM("sim/weak")),
      trainset: examples,
      metric: judgeMetric(withCritique, { conversationField: "company_and_transcript" }),
      proposerLM: new SimLM("sim/strong"),
      options: { maxMetricCalls: 60, seed: 2 },
    });

    // Assess
    const feedback = run.state.reflections.flatMap((r) => r.feedback.map((f) => f.feedback));
    expect(feedback.length).toBeGreaterThan(0);
    for (const text of feedback) expect(text).toMatch(/^The judge said the customer is (not )?satisfied: \S+/);
  });
});

/** LMs behind one cache, recording the key of every call that reaches the simulator. */
function countedLMs(store: MemoryCacheStore, keys: string[] = []) {
  const counted = (lm: LM): LM => ({
    model: lm.model,
    capabilities: lm.capabilities,
    call: async (request) => {
      keys.push(cacheKey(lm.model, request));
      return lm.call(request);
    },
  });
  const cached = (model: string) => withCache(counted(new SimLM(model)), store, { mode: "read-write" });
  return { store, keys, task: cached("sim/weak"), proposer: cached("sim/strong") };
}

function runWith(
  lms: ReturnType<typeof countedLMs>,
  extra: { onCheckpoint?: (state: GepaState) => void; resumeFrom?: GepaState } = {},
) {
  return gepaInProcess({
    program: baselineJudge(lms.task),
    trainset: train,
    metric,
    proposerLM: lms.proposer,
    options: { maxMetricCalls: 120, seed: 8 },
    ...extra,
  });
}
