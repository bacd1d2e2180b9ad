import { beforeAll, describe, expect, it } from "vitest";
import { exactMatch } from "../evaluate/metrics.ts";
import { loadTokenizer } from "../lm/tokens.ts";
import { emptyUsage } from "../lm/types.ts";
import { Example } from "../module/example.ts";
import { SimLM } from "../sim/sim-lm.ts";
import { datasetToData } from "./example-data.ts";
import type { MiproJob, MiproJobResult } from "./mipro-jobs.ts";
import type { Evaluation, MiproState } from "./mipro-state.ts";
import { miproStep } from "./mipro-step.ts";
import { emptyEvaluation } from "./observe.ts";
import { planMipro } from "./plan.ts";
import type { MiproOptions } from "./plan-types.ts";
import { resolveConfig } from "./presets.ts";
import { runMiproJob } from "./run-job.ts";
import { mostPromisingUntested } from "./search-model.ts";
import { judgeExamples } from "./testdata/airline.ts";
import { baselineJudge } from "./testdata/programs.ts";

// MIPRO's fidelity to DSPy's MIPROv2 (issue 15): the labelled teacher, the full-evaluation pick
// among tried combinations, Optuna's start-up trials, and the confirmation split.

const program = baselineJudge(new SimLM("sim/weak"));
const context = { program, metric: exactMatch("satisfied"), proposerLM: new SimLM("sim/strong") };
const options: MiproOptions = {
  auto: "light",
  seed: 5,
  minibatchSize: 6,
  parallelTrials: 3,
  numTrials: 6,
  confirmFraction: 0.2,
  // DSPy's choices, which these tests are about (the defaults are checked below).
  teacher: "labeled",
  fullEvalPick: "tried",
};
let examples: Example[] = [];
/** Enough for a confirmation split of 20 (the smallest one carved): a 100-example valset. */
let manyExamples: Example[] = [];

beforeAll(async () => {
  await loadTokenizer();
  examples = await judgeExamples(30, new SimLM("sim/strong"), "fidelity-tests");
  manyExamples = await judgeExamples(125, new SimLM("sim/strong"), "fidelity-tests-confirm");
});

function plan(extra: MiproOptions = {}, trainset: readonly Example[] = examples): MiproState {
  return planMipro({
    program: program.toState(),
    trainset: datasetToData(trainset),
    options: { ...options, ...extra },
  });
}

function runAll(jobs: readonly MiproJob[]): Promise<MiproJobResult[]> {
  return Promise.all(jobs.map((job) => runMiproJob(job, context)));
}

/** Steps until `until` holds, running every job in between; returns every job it ran too. */
async function stepUntil(state: MiproState, until: (s: MiproState) => boolean) {
  const seen: MiproJob[] = [];
  let current = miproStep(state, []);
  while (!until(current.state)) {
    seen.push(...current.jobs);
    current = miproStep(current.state, await runAll(current.jobs));
  }
  return { ...current, seen };
}

describe("MIPRO defaults", () => {
  it("are the baseline teacher, the additive model's full-evaluation pick, 3 random start-up trials and no confirmation", () => {
    // Act
    const config = resolveConfig({ auto: "light" }, 1, 80);

    // Assess
    expect(config.fullEvalPick).toBe("model");
    expect(config.tpe.startupTrials).toBe(3);
    expect(config.teacher).toBe("baseline");
    expect(config.confirmFraction).toBe(0);
  });

  it("refuses an unknown teacher or full-evaluation pick and names the option", () => {
    // Act
    const teacher = () => resolveConfig({ auto: "light", teacher: "oracle" as "labeled" }, 1, 80);
    const pick = () => resolveConfig({ auto: "light", fullEvalPick: "best" as "tried" }, 1, 80);

    // Assess
    expect(teacher).toThrow(/`teacher` must be one of labeled, baseline \(got oracle\)/);
    expect(pick).toThrow(/`fullEvalPick` must be one of tried, model/);
  });
});

describe("the bootstrap teacher", () => {
  it("carries labelled trainset demos on its predictor, never the example it traces", () => {
    // Act
    const { state, jobs } = miproStep(plan(), []);

    // Assess
    const traces = jobs.filter((j) => j.kind === "trace");
    expect(traces.length).toBeGreaterThan(0);
    const trainTranscripts = new Set(state.trainset.map((e) => e.values.transcript));
    for (const job of traces) {
      const demos = job.program.predictors.judge?.demos ?? [];
      expect(demos.length === 4 || demos.length === 3).toBe(true);
      expect(demos.every((d) => typeof d.satisfied === "boolean" && trainTranscripts.has(d.transcript))).toBe(true);
      expect(demos.some((d) => d.transcript === job.example.values.transcript)).toBe(false);
      expect(job.program.predictors.judge?.signature.instructions).toBe(
        state.baseline.predictors.judge?.signature.instructions,
      );
    }
  });

  it("is the baseline as it is when the trainset has no labels (a generator whose metric is a judge)", () => {
    // Prepare: the examples without their label
    const unlabelled = examples.map((e) => {
      const { satisfied: _, ...inputs } = e.toRecord();
      return new Example(inputs, { id: e.id, inputs: ["transcript"] });
    });

    // Act
    const { state, jobs } = miproStep(plan({}, unlabelled), []);

    // Assess
    expect(state.bootstrap.teacherDemos).toBeUndefined();
    const traces = jobs.filter((j) => j.kind === "trace");
    expect(traces.length).toBeGreaterThan(0);
    for (const job of traces) expect(job.program).toEqual(state.baseline);
  });

  it("is the baseline as it is with teacher: baseline", () => {
    // Act
    const { state, jobs } = miproStep(plan({ teacher: "baseline" }), []);

    // Assess
    const traces = jobs.filter((j) => j.kind === "trace");
    expect(traces.length).toBeGreaterThan(0);
    for (const job of traces) expect(job.program).toEqual(state.baseline);
  });
});

describe("the full-evaluation pick among tried combinations", () => {
  function searchState(evaluations: Evaluation[]): MiproState {
    const state = plan();
    state.instructions = { judge: ["a", "b", "c"].map((text) => ({ text, source: "proposed" as const })) };
    state.demoSets = { judge: [0, 1].map(() => ({ kind: "labeled" as const, demos: [] })) };
    state.search.evaluations = evaluations;
    return state;
  }
  function observed(id: string, kind: Evaluation["kind"], params: Record<string, number>, score: number) {
    const evaluation = emptyEvaluation(id, kind, 0, kind === "full" ? null : 1, params, [0, 1]);
    return { ...evaluation, status: "observed" as const, score, delta: score - 0.5, scored: 2 };
  }

  it("takes the best mean minibatch score, averaging a combination's repeats", () => {
    // Prepare: (1, 0) scored 0.9 and 0.3 (mean 0.6), (2, 1) scored 0.7 once.
    const state = searchState([
      observed("full-0", "full", { "judge.instruction": 0, "judge.demos": 0 }, 0.5),
      observed("t1", "minibatch", { "judge.instruction": 1, "judge.demos": 0 }, 0.9),
      observed("t2", "minibatch", { "judge.instruction": 2, "judge.demos": 1 }, 0.7),
      observed("t3", "minibatch", { "judge.instruction": 1, "judge.demos": 0 }, 0.3),
    ]);

    // Act
    const pick = mostPromisingUntested(state);

    // Assess
    expect(pick).toEqual({ "judge.instruction": 2, "judge.demos": 1 });
  });

  it("never picks a combination that was not tried or was already fully evaluated", () => {
    // Prepare
    const state = searchState([
      observed("full-0", "full", { "judge.instruction": 0, "judge.demos": 0 }, 0.5),
      observed("t1", "minibatch", { "judge.instruction": 1, "judge.demos": 1 }, 0.9),
      observed("full-1", "full", { "judge.instruction": 1, "judge.demos": 1 }, 0.8),
      observed("t2", "minibatch", { "judge.instruction": 2, "judge.demos": 0 }, 0.6),
    ]);

    // Act
    const pick = mostPromisingUntested(state);

    // Assess
    expect(pick).toEqual({ "judge.instruction": 2, "judge.demos": 0 });
  });
});

describe("trials that are full evaluations", () => {
  it("never re-draw a combination already evaluated on the whole valset, the baseline included", async () => {
    // Prepare: 2 instructions × 2 demo sets, no minibatches; the baseline is one of the 4
    const state = plan({
      minibatch: false,
      numInstructionCandidates: 2,
      numDemoCandidates: 2,
      numTrials: 3,
      parallelTrials: 1,
      confirmFraction: 0,
    });

    // Act
    const { state: done } = await stepUntil(state, (s) => s.phase === "done");

    // Assess: the 3 trials are the 3 combinations other than the baseline, each once
    const trials = done.search.evaluations.filter((e) => e.trial !== null);
    const baseline = done.search.evaluations.find((e) => e.id === "full-0");
    expect(trials).toHaveLength(3);
    expect(trials.every((t) => t.kind === "full")).toBe(true);
    expect(new Set([baseline?.paramsKey, ...trials.map((t) => t.paramsKey)]).size).toBe(4);
    expect(trials.every((t) => t.calls > 0)).toBe(true);
  });
});

describe("the confirmation split", () => {
  it("re-measures the pick and the baseline on examples selection never saw", async () => {
    // Act
    const { state, seen } = await stepUntil(plan({}, manyExamples), (s) => s.phase === "done");

    // Assess
    const confirmIds = new Set((state.confirmset ?? []).map((e) => e.id));
    expect(confirmIds.size).toBe(20);
    const evaluateJobs = seen.filter((j) => j.kind === "evaluate");
    const confirmJobs = evaluateJobs.filter((j) => j.evaluation.startsWith("confirm-"));
    const searchJobs = evaluateJobs.filter((j) => !j.evaluation.startsWith("confirm-"));
    for (const job of searchJobs) expect(confirmIds.has(job.example.id)).toBe(false);
    for (const job of confirmJobs) expect(confirmIds.has(job.example.id)).toBe(true);
    const targets = state.result?.params && Object.values(state.result.params).some((x) => x !== 0) ? 2 : 1;
    expect(confirmJobs).toHaveLength(20 * targets);
    const confirm = state.result?.confirm;
    expect(confirm?.n).toBe(20);
    const best = state.confirmations?.find((e) => e.id === "confirm-best");
    const mean = (best?.results ?? []).reduce((s, r) => s + (r.score ?? 0), 0) / 20;
    expect(confirm?.bestScore).toBeCloseTo(mean, 10);
    expect(confirm?.baselineScore).toBeGreaterThanOrEqual(0);
    // The search itself still picks on the valset.
    expect(state.result?.bestScore).toBe(
      Math.max(...state.search.evaluations.filter((e) => e.kind === "full").map((e) => e.score ?? 0)),
    );
  });

  it("reports a null score, not a partial one, when the budget stops the confirmation", async () => {
    // Prepare
    const { state, jobs } = await stepUntil(plan({}, manyExamples), (s) => s.phase === "confirm");
    const refused: MiproJobResult[] = jobs.map((job) => ({
      jobId: job.id,
      kind: "evaluate",
      status: "not_run",
      score: null,
      errorKind: "budget_exceeded",
      errorMessage: "the 400-call cap is reached",
      calls: 0,
      usage: emptyUsage(),
      costUsd: 0,
      latencyMs: 0,
    }));

    // Act
    const done = miproStep(state, refused).state;

    // Assess
    expect(done.phase).toBe("done");
    expect(done.stoppedReason).toBe("budget_exceeded");
    expect(done.result?.confirm?.bestScore).toBeNull();
    expect(done.result?.bestScore).not.toBeNull();
  });

  it("is skipped with confirmFraction 0", async () => {
    // Act
    const { state, seen } = await stepUntil(plan({ confirmFraction: 0 }, manyExamples), (s) => s.phase === "done");

    // Assess
    expect(seen.some((j) => j.kind === "evaluate" && j.evaluation.startsWith("confirm-"))).toBe(false);
    expect(state.result?.confirm).toBeNull();
  });

  it("is not carved when it would have fewer than 20 examples, so a small valset keeps every example for selection", () => {
    // Act: 30 examples → a 24-example valset, whose 20% would be 5
    const state = plan({ confirmFraction: 0.2 });

    // Assess
    expect(state.confirmset).toEqual([]);
    expect(state.valset).toHaveLength(24);
  });
});
