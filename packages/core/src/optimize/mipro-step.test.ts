import { beforeAll, describe, expect, it } from "vitest";
import { exactMatch } from "../evaluate/metrics.ts";
import { loadTokenizer } from "../lm/tokens.ts";
import { emptyUsage } from "../lm/types.ts";
import type { Example } from "../module/example.ts";
import { SimLM } from "../sim/sim-lm.ts";
import { datasetToData } from "./example-data.ts";
import type { MiproJob, MiproJobResult } from "./mipro-jobs.ts";
import type { MiproState } from "./mipro-state.ts";
import { miproStep } from "./mipro-step.ts";
import { planMipro } from "./plan.ts";
import type { MiproOptions } from "./plan-types.ts";
import { runMiproJob } from "./run-job.ts";
import { tpeObservations } from "./search-model.ts";
import { judgeExamples } from "./testdata/airline.ts";
import { baselineJudge } from "./testdata/programs.ts";

const program = baselineJudge(new SimLM("sim/weak"));
const context = { program, metric: exactMatch("satisfied"), proposerLM: new SimLM("sim/strong") };
const options: MiproOptions = { auto: "light", seed: 4, minibatchSize: 6, parallelTrials: 3, numTrials: 6 };
let examples: Example[] = [];

beforeAll(async () => {
  examples = await judgeExamples(30, new SimLM("sim/strong"), "step-tests");
});

function plan(): MiproState {
  return planMipro({ program: program.toState(), trainset: datasetToData(examples), options });
}

function runAll(jobs: readonly MiproJob[]): Promise<MiproJobResult[]> {
  return Promise.all(jobs.map((job) => runMiproJob(job, context)));
}

/** Steps until `until` holds, running every job in between. */
async function stepUntil(state: MiproState, until: (s: MiproState) => boolean) {
  let current = miproStep(state, []);
  while (!until(current.state)) current = miproStep(current.state, await runAll(current.jobs));
  return current;
}

// Token counts (simulated usage, estimates) need the tokenizer loaded.
beforeAll(() => loadTokenizer());

describe("miproStep", () => {
  it("never modifies the state it is given", async () => {
    // Prepare
    const { state, jobs } = miproStep(plan(), []);
    const results = await runAll(jobs);
    const before = JSON.stringify(state);

    // Act
    miproStep(state, results);

    // Assess
    expect(JSON.stringify(state)).toBe(before);
  });

  it("starts with the bootstrap traces and the dataset summary, with stable ids", () => {
    // Act
    const first = miproStep(plan(), []);
    const again = miproStep(plan(), []);

    // Assess
    expect(first.state.phase).toBe("bootstrap");
    expect(first.jobs.map((j) => j.id)).toEqual(again.jobs.map((j) => j.id));
    expect(new Set(first.jobs.map((j) => j.id)).size).toBe(first.jobs.length);
    expect(first.jobs.filter((j) => j.kind === "summarize")).toHaveLength(1);
    expect(first.jobs.some((j) => j.kind === "trace")).toBe(true);
  });

  it("returns the jobs still missing until every pending job has a result", async () => {
    // Prepare
    const { state, jobs } = miproStep(plan(), []);
    const results = await runAll(jobs);
    const half = Math.floor(results.length / 2);

    // Act
    const partial = miproStep(state, results.slice(0, half));

    // Assess
    expect(partial.state.phase).toBe("bootstrap");
    expect(partial.jobs.map((j) => j.id)).toEqual(jobs.slice(half).map((j) => j.id));
  });

  it("counts a redelivered result once and ignores results of jobs it does not wait for", async () => {
    // Prepare
    const { state, jobs } = miproStep(plan(), []);
    const results = await runAll(jobs);
    const stray: MiproJobResult = { ...(results[0] as MiproJobResult), jobId: "job-unknown" };

    // Act
    const once = miproStep(state, results);
    const twice = miproStep(state, [...results, ...results, stray]);

    // Assess
    expect(twice.state.spend).toEqual(once.state.spend);
    expect(once.state.spend.calls).toBe(results.reduce((sum, r) => sum + r.calls, 0));
  });

  it("keeps the original instruction as candidate 0 and builds every kind of demo set", async () => {
    // Act
    const { state, jobs } = await stepUntil(plan(), (s) => s.phase === "propose");

    // Assess
    expect(jobs.filter((j) => j.kind === "propose")).toHaveLength(state.plan.config.numInstructionCandidates - 1);
    expect(state.instructions.judge?.[0]).toEqual({
      text: program.predictor("judge").signature.instructions,
      source: "original",
    });
    const kinds = state.demoSets.judge?.map((set) => set.kind);
    expect(kinds).toEqual(["baseline", "labeled", "unshuffled", "shuffled", "shuffled", "shuffled"]);
    expect(state.demoSets.judge?.[0]?.demos).toEqual([]);
    expect(state.demoSets.judge?.[2]?.demos.filter((d) => d.augmented)).toHaveLength(4);
  });

  it("evaluates the baseline on the whole valset while parallel trials share one minibatch", async () => {
    // Act
    const { state } = await stepUntil(plan(), (s) => s.phase === "search");

    // Assess
    const [baseline, ...trials] = state.search.evaluations;
    expect(baseline).toMatchObject({ id: "full-0", kind: "full", trial: null });
    expect(baseline?.examples).toHaveLength(state.valset.length);
    expect(Object.values(baseline?.params ?? {})).toEqual([0, 0]);
    expect(trials).toHaveLength(3);
    expect(new Set(trials.map((t) => t.paramsKey)).size).toBe(3);
    for (const trial of trials) expect(trial.examples).toEqual(trials[0]?.examples);
  });

  it("skips a trial with too few scored examples instead of scoring its errors", async () => {
    // Prepare
    const { state, jobs } = await stepUntil(plan(), (s) => s.phase === "search");
    const victim = state.search.evaluations[1]?.id;
    const results = (await runAll(jobs)).map((result, i) => {
      const job = jobs[i];
      if (job?.kind !== "evaluate" || job.evaluation !== victim) return result;
      const failed: MiproJobResult = {
        jobId: result.jobId,
        kind: "evaluate",
        status: "error",
        score: null,
        errorKind: "server",
        calls: 1,
        usage: emptyUsage(),
        costUsd: null,
        latencyMs: 1,
      };
      return failed;
    });

    // Act
    const next = miproStep(state, results);

    // Assess
    const trial = next.state.search.evaluations.find((e) => e.id === victim);
    expect(trial).toMatchObject({ status: "skipped", score: null, delta: null });
    expect(trial?.results.every((r) => r.score === null)).toBe(true);
    expect(tpeObservations(next.state).some((o) => JSON.stringify(o.params) === JSON.stringify(trial?.params))).toBe(
      false,
    );
  });

  it("finishes with the best fully evaluated program and the whole trial history", async () => {
    // Act
    const { state, jobs } = await stepUntil(plan(), (s) => s.phase === "done");

    // Assess
    expect(jobs).toEqual([]);
    const full = state.search.evaluations.filter((e) => e.kind === "full" && e.status === "observed");
    expect(state.result?.bestScore).toBe(Math.max(...full.map((e) => e.score ?? 0)));
    expect(state.search.evaluations.filter((e) => e.trial !== null)).toHaveLength(6);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
