import { describe, expect, it } from "vitest";
import { emptyUsage } from "../lm/types.ts";
import { Predict } from "../module/predict.ts";
import { Program } from "../module/program.ts";
import type { ExampleData } from "./example-data.ts";
import { planGepa } from "./gepa-plan.ts";
import type { GepaState } from "./gepa-state.ts";
import { gepaStep } from "./gepa-step.ts";
import type { MiproJob, MiproJobResult } from "./mipro-jobs.ts";

// A scripted world: an example passes when the instruction of `judge` names the example's
// `needs` word; the metric's feedback says which word was missing.

const examplesOf = (n: number): ExampleData[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `ex-${i}`,
    values: { transcript: `Customer: case ${i}`, satisfied: i % 2 === 0, needs: i % 3 === 0 ? "empathy" : "next step" },
    inputs: ["transcript"],
  }));
const examples = examplesOf(30);

function judgeProgram() {
  return new Program({ judge: new Predict("transcript -> satisfied: boolean") }, async (p, inputs, ctx) =>
    p.judge.call(inputs, ctx),
  ).toState();
}

interface Script {
  /** Error kind for an evaluate job, if it should fail. */
  failWith?: (job: Extract<MiproJob, { kind: "evaluate" }>) => string | undefined;
  propose?: (job: Extract<MiproJob, { kind: "reflect" }>) => string;
}

function answer(job: MiproJob, script: Script): MiproJobResult {
  const accounting = { calls: 1, usage: emptyUsage(), costUsd: 0, latencyMs: 1 };
  if (job.kind === "reflect") {
    const text = script.propose?.(job) ?? `${job.inputs.current_instruction} Check for empathy and a next step.`;
    return { jobId: job.id, kind: "reflect", status: "ok", text, ...accounting };
  }
  if (job.kind !== "evaluate") throw new Error(`unexpected job ${job.kind}`);
  const errorKind = script.failWith?.(job);
  if (errorKind) return { jobId: job.id, kind: "evaluate", status: "error", score: null, errorKind, ...accounting };
  const needs = String(job.example.values.needs);
  const instruction = job.program.predictors.judge?.signature.instructions ?? "";
  const pass = instruction.includes(needs);
  return {
    jobId: job.id,
    kind: "evaluate",
    status: "scored",
    score: pass ? 1 : 0,
    ...(job.withFeedback && {
      outputs: { satisfied: !job.example.values.satisfied },
      feedback: pass
        ? "Right for the right reason."
        : `Wrong: the reply lacks ${needs}; the instruction never asks for it.`,
    }),
    ...accounting,
  };
}

function runScripted(state: GepaState, script: Script = {}, until?: (s: GepaState) => boolean) {
  const seen: MiproJob[] = [];
  let { state: current, jobs } = gepaStep(state, []);
  while (current.phase !== "done" && !until?.(current)) {
    seen.push(...jobs);
    ({ state: current, jobs } = gepaStep(
      current,
      jobs.map((job) => answer(job, script)),
    ));
  }
  return { state: current, jobs, seen };
}

const plan = (extra = {}) =>
  planGepa({ program: judgeProgram(), trainset: examples, options: { maxMetricCalls: 80, seed: 4, ...extra } });

describe("gepaStep", () => {
  it("puts the metric's feedback, the program's outputs and the current instruction in the reflection prompt", () => {
    // Act
    const { seen } = runScripted(plan());

    // Assess
    const reflect = seen.find((job) => job.kind === "reflect");
    expect(reflect?.kind).toBe("reflect");
    const inputs = reflect?.kind === "reflect" ? reflect.inputs : {};
    expect(inputs.examples_with_feedback).toMatch(/Feedback: Wrong: the reply lacks (empathy|next step)/);
    expect(inputs.examples_with_feedback).toMatch(/Outputs:\nsatisfied: (true|false)/);
    expect(inputs.examples_with_feedback).toMatch(/Inputs:\ntranscript: Customer: case \d+/);
    expect(inputs.current_instruction).toBe(judgeProgram().predictors.judge?.signature.instructions);
    expect(inputs.previous_instructions).toMatch(/^Instruction #1: .+\nScore: 0\.\d\d$/);
  });

  it("accepts a child that beats its parent on the minibatch, scores it on the whole Pareto set and picks it", () => {
    // Act
    const { state } = runScripted(plan());

    // Assess
    const accepted = state.reflections.filter((r) => r.outcome === "accepted");
    expect(accepted.length).toBeGreaterThan(0);
    for (const r of accepted) expect(r.childScore ?? 0).toBeGreaterThan(r.parentScore ?? 0);
    const best = state.candidates.find((c) => c.id === state.result?.candidate);
    expect(best?.valScores).toHaveLength(state.valset.length);
    expect(best?.score).toBe(1);
    expect(state.result?.program.predictors.judge?.signature.instructions).toMatch(/empathy and a next step/);
    expect(state.result?.bestScore).toBe(1);
  });

  it("re-measures the pick and the baseline on a confirmation split it never selects on, when asked to", () => {
    // Act: 20% of 100 examples is the smallest split carved (minConfirmExamples)
    const { state, seen } = runScripted(
      planGepa({
        program: judgeProgram(),
        trainset: examplesOf(100),
        options: { maxMetricCalls: 200, seed: 4, confirmFraction: 0.2 },
      }),
    );

    // Assess
    const confirmIds = new Set(state.confirmset.map((e) => e.id));
    expect(confirmIds.size).toBe(20);
    const searchJobs = seen.filter((j) => j.kind === "evaluate" && !j.evaluation.endsWith("/confirm"));
    for (const job of searchJobs) if (job.kind === "evaluate") expect(confirmIds.has(job.example.id)).toBe(false);
    expect(state.result?.confirm).toMatchObject({ n: 20, bestScore: 1 });
    expect(state.result?.confirm?.baselineScore).toBeLessThan(1);
  });

  it("never passes its metric-call budget, starting an iteration only when its worst case fits", () => {
    // Act
    const { state } = runScripted(plan({ maxMetricCalls: 45 }));

    // Assess: seed 12, then iterations of at most 3 + 3 + 12
    expect(state.metricCalls).toBeLessThanOrEqual(45);
    expect(state.metricCalls).toBeGreaterThan(45 - (3 + 3 + state.valset.length));
    expect(state.iterations).toBeGreaterThan(0);
  });

  it("scores a program's parse failures as failures and excludes infrastructure errors, reporting them", () => {
    // Prepare: the proposed instruction makes the program fail to parse; the provider sometimes answers 503
    const script: Script = {
      failWith: (job) => {
        if (job.program.predictors.judge?.signature.instructions.includes("empathy")) return "parse";
        return job.example.id === "ex-1" ? "server" : undefined;
      },
    };

    // Act
    const { state } = runScripted(plan(), script);

    // Assess
    expect(state.candidates).toHaveLength(1);
    const rejected = state.reflections.filter((r) => r.outcome === "rejected");
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) expect(r.childScore).toBe(0);
    expect(state.excludedErrors.parse).toBeUndefined();
    const baseline = state.candidates[0];
    const serverIndex = state.valset.findIndex((e) => e.id === "ex-1");
    if (serverIndex >= 0) {
      expect(baseline?.valScores[serverIndex]).toBeNull();
      expect(state.excludedErrors.server).toBeGreaterThan(0);
    }
    expect(state.result?.candidate).toBe("c0");
  });

  it("resumes from its JSON state mid-search to the same result", () => {
    // Prepare
    const straight = runScripted(plan());
    const stopped = runScripted(plan(), {}, (s) => s.phase === "search" && s.iterations >= 3);
    const saved = JSON.parse(JSON.stringify(stopped.state)) as GepaState;

    // Act: finish from the saved state, answering the jobs it still waits for
    let state = saved;
    let jobs = stopped.jobs;
    while (state.phase !== "done")
      ({ state, jobs } = gepaStep(
        state,
        jobs.map((job) => answer(job, {})),
      ));

    // Assess
    expect(saved.pending.length).toBeGreaterThan(0);
    expect(state.result).toEqual(straight.state.result);
    expect(state.reflections).toEqual(straight.state.reflections);
    expect(state.metricCalls).toBe(straight.state.metricCalls);
  });

  it("ignores repeated and unknown results, so a redelivered job never counts twice", () => {
    // Prepare
    const first = gepaStep(plan(), []);
    const results = first.jobs.map((job) => answer(job, {}));
    const partial = gepaStep(first.state, results.slice(0, 3));

    // Act
    const again = gepaStep(partial.state, [
      ...results.slice(0, 3),
      { ...results[0], jobId: "job-unknown" } as MiproJobResult,
    ]);

    // Assess
    expect(again.state.metricCalls).toBe(3);
    expect(again.jobs).toHaveLength(first.jobs.length - 3);
  });

  it("refuses state of another format", () => {
    expect(() => gepaStep({ format: "judgeloop.mipro/1" } as unknown as GepaState)).toThrow(/judgeloop\.gepa\/1/);
  });
});

describe("gepaStep merge", () => {
  it("merges two siblings that improved different predictors into one that keeps both changes", () => {
    // Prepare: two predictors; siblings c1 (judge changed) and c2 (review changed) share the ancestor c0
    const program = new Program(
      { judge: new Predict("transcript -> satisfied: boolean"), review: new Predict("transcript -> note") },
      async (p, inputs, ctx) => p.judge.call(inputs, ctx),
    ).toState();
    const planned = planGepa({ program, trainset: examples, options: { maxMetricCalls: 400, seed: 2 } });
    const score = (job: MiproJob): MiproJobResult => {
      const base = answer(job, {});
      if (job.kind !== "evaluate" || base.kind !== "evaluate") return base;
      const judged = job.program.predictors.judge?.signature.instructions.startsWith("Judge:") ?? false;
      const reviewed = job.program.predictors.review?.signature.instructions.startsWith("Review:") ?? false;
      const index = Number(job.example.id.slice(3));
      return { ...base, score: Number(index % 2 === 0 ? judged : reviewed) };
    };
    let { state, jobs } = gepaStep(planned, []);
    ({ state, jobs } = gepaStep(state, jobs.map(score)));
    const c0 = state.candidates[0] as GepaState["candidates"][number];
    const even = state.valset.map((e) => Number(Number(e.id.slice(3)) % 2 === 0));
    state.candidates.push(
      {
        ...c0,
        id: "c1",
        origin: "reflection",
        parents: ["c0"],
        instructions: { ...c0.instructions, judge: "Judge: x." },
        valScores: even,
        score: 0.5,
      },
      {
        ...c0,
        id: "c2",
        origin: "reflection",
        parents: ["c0"],
        instructions: { ...c0.instructions, review: "Review: y." },
        valScores: even.map((v) => 1 - v),
        score: 0.5,
      },
    );
    state.mergesDue = 1;
    state.pending = [];
    ({ state, jobs } = gepaStep({ ...state, phase: "search", iteration: null }, []));

    // Act
    const mergeJobs = jobs;
    while (state.phase === "search" && state.merges.length === 0) ({ state, jobs } = gepaStep(state, jobs.map(score)));

    // Assess
    expect(mergeJobs.every((j) => j.kind === "evaluate" && j.evaluation === "trial/val")).toBe(true);
    expect(mergeJobs).toHaveLength(5);
    expect(state.merges[0]).toMatchObject({
      parents: ["c1", "c2"],
      ancestor: "c0",
      outcome: "accepted",
      candidate: "c3",
    });
    expect(state.merges[0]?.sources).toEqual({ judge: "c1", review: "c2" });
    const merged = state.candidates.find((c) => c.id === "c3");
    expect(merged).toMatchObject({ origin: "merge", parents: ["c1", "c2"], score: 1 });
    expect(merged?.instructions).toEqual({ judge: "Judge: x.", review: "Review: y." });
  });
});

describe("planGepa", () => {
  it("shrinks the metric-call budget so the plan's LM calls, reflections and confirmation included, fit maxCalls", () => {
    // Act
    const state = planGepa({ program: judgeProgram(), trainset: examples, options: { budget: { maxCalls: 120 } } });

    // Assess
    expect(state.plan.config.maxMetricCalls).toBeLessThan(120);
    expect(state.plan.estimatedCalls).toBeLessThanOrEqual(120);
    expect(state.plan.adjustments).toEqual([`metric calls 400 → ${state.plan.config.maxMetricCalls}`]);
  });

  it("keeps the confirmation split apart from the Pareto set and the reflection examples", () => {
    // Act
    const state = planGepa({
      program: judgeProgram(),
      trainset: examplesOf(100),
      options: { seed: 1, confirmFraction: 0.2 },
    });

    // Assess
    const ids = [state.trainset, state.valset, state.confirmset].map((set) => set.map((e) => e.id));
    expect(ids.map((set) => set.length)).toEqual([40, 40, 20]);
    expect(new Set(ids.flat()).size).toBe(100);
  });

  it("carves no confirmation split by default, nor one under 20 examples, so selection keeps them", () => {
    // Act
    const byDefault = planGepa({ program: judgeProgram(), trainset: examples, options: { seed: 1 } });
    const tooSmall = planGepa({ program: judgeProgram(), trainset: examples, options: { confirmFraction: 0.2 } });

    // Assess: 20% of 30 would be 6 examples
    expect([byDefault.trainset.length, byDefault.valset.length, byDefault.confirmset.length]).toEqual([15, 15, 0]);
    expect(tooSmall.confirmset).toEqual([]);
    expect(tooSmall.valset).toHaveLength(15);
  });

  it("refuses an option out of range, naming it", () => {
    expect(() =>
      planGepa({ program: judgeProgram(), trainset: examples, options: { reflectionMinibatchSize: 0 } }),
    ).toThrow(/reflectionMinibatchSize/);
  });
});
