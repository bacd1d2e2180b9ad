import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../evaluate/evaluate.ts";
import { exactMatch } from "../evaluate/metrics.ts";
import { MemoryBudgetLedger } from "../lm/budget.ts";
import { cacheKey, MemoryCacheStore, withCache } from "../lm/cache.ts";
import type { LM } from "../lm/types.ts";
import { withBudget } from "../lm/with-budget.ts";
import type { Example } from "../module/example.ts";
import { SimLM } from "../sim/sim-lm.ts";
import { simulatedTruth } from "../sim/world.ts";
import { optimizeInProcess } from "./in-process-driver.ts";
import { diffPrograms } from "./inspect.ts";
import { judgeMetric } from "./judge-metric.ts";
import type { MiproState } from "./mipro-state.ts";
import type { MiproOptions } from "./plan-types.ts";
import { generatorExamples, judgeExamples } from "./testdata/airline.ts";
import { baselineGenerator, baselineJudge } from "./testdata/programs.ts";

const options: MiproOptions = { auto: "light", seed: 11, minibatchSize: 10, fullEvalPeriod: 4 };
const metric = exactMatch("satisfied");

let judgeTrain: Example[] = [];
let judgeValidation: Example[] = [];
let judgeRun: Awaited<ReturnType<typeof optimizeJudge>>;

function optimizeJudge() {
  return optimizeInProcess({
    program: baselineJudge(new SimLM("sim/weak")),
    trainset: judgeTrain,
    metric,
    proposerLM: new SimLM("sim/strong"),
    options,
  });
}

beforeAll(async () => {
  const examples = await judgeExamples(60, new SimLM("sim/strong"), "mipro-tests");
  judgeTrain = examples.slice(0, 40);
  judgeValidation = examples.slice(40);
  judgeRun = await optimizeJudge();
});

describe("optimizeInProcess (simulated)", () => {
  it("raises the judge's validation agreement with gold labels by at least 0.15", async () => {
    // Act
    const baseline = await evaluate(baselineJudge(new SimLM("sim/weak")), judgeValidation, metric);
    const optimized = await evaluate(judgeRun.program, judgeValidation, metric);

    // Assess
    expect(optimized.score ?? 0).toBeGreaterThanOrEqual((baseline.score ?? 0) + 0.15);
    expect(judgeRun.bestScore ?? 0).toBeGreaterThan(judgeRun.baselineScore ?? 1);
  });

  it("chooses a proposed instruction and takes its demos from the trainset", () => {
    // Prepare
    const baseline = baselineJudge(new SimLM("sim/weak")).toState();
    const optimized = judgeRun.program.toState();
    const trainTranscripts = new Set(judgeRun.state.trainset.map((e) => e.values.transcript));

    // Act
    const diff = diffPrograms(baseline, optimized);

    // Assess
    expect(diff.predictors[0]?.instructions.changed).toBe(true);
    const chosen = judgeRun.state.result?.params["judge.instruction"] ?? 0;
    expect(judgeRun.state.instructions.judge?.[chosen]?.source).toBe("proposed");
    const demos = optimized.predictors.judge?.demos ?? [];
    for (const demo of demos) expect(trainTranscripts.has(demo.transcript)).toBe(true);
  });

  it("raises a generator's judge pass rate on a holdout with the optimized judge as metric", async () => {
    // Prepare
    const examples = generatorExamples(60, "mipro-tests");
    const [devTrain, holdout] = [examples.slice(0, 40), examples.slice(40)];
    const judgeAsMetric = judgeMetric(judgeRun.program, { conversationField: "company_and_transcript" });
    const generator = baselineGenerator(new SimLM("sim/weak"));

    // Act
    const run = await optimizeInProcess({
      program: generator,
      trainset: devTrain,
      metric: judgeAsMetric,
      proposerLM: new SimLM("sim/strong"),
      options,
    });
    const before = await evaluate(generator, holdout, judgeAsMetric);
    const after = await evaluate(run.program, holdout, judgeAsMetric);

    // Assess
    expect(after.score ?? 0).toBeGreaterThanOrEqual((before.score ?? 0) + 0.2);
  });

  it("resumes a run stopped between steps to the same program with no repeated LM call", async () => {
    // Prepare
    const straight = countedLMs(new MemoryCacheStore());
    const interrupted = countedLMs(new MemoryCacheStore());
    let saved = "";

    // Act
    const uninterrupted = await optimizeJudgeWith(straight);
    const killed = optimizeJudgeWith(interrupted, {
      onCheckpoint: (state) => {
        saved = JSON.stringify(state);
        if (state.phase === "search" && state.search.evaluations.length >= 4) throw new Error("killed");
      },
    });
    await expect(killed).rejects.toThrow("killed");
    const callsBeforeKill = interrupted.keys.length;
    const resumed = await optimizeJudgeWith(countedLMs(interrupted.store, interrupted.keys), {
      resumeFrom: JSON.parse(saved) as MiproState,
    });

    // Assess
    expect(resumed.state.result?.program).toEqual(uninterrupted.state.result?.program);
    expect(interrupted.keys.length).toBeGreaterThan(callsBeforeKill);
    expect(interrupted.keys.length).toBe(straight.keys.length);
    expect(new Set(interrupted.keys).size).toBe(interrupted.keys.length);
  });

  it("stops within a small dollar cap, says why, and returns the best program so far", async () => {
    // Prepare
    const ledger = new MemoryBudgetLedger();
    const capUsd = 0.04;
    const capped = (lm: LM) => withBudget(lm, ledger, { runId: "capped", capUsd, maxOutputTokensDefault: 400 });

    // Act
    const run = await optimizeInProcess({
      program: baselineJudge(capped(new SimLM("sim/weak"))),
      trainset: judgeTrain,
      metric,
      proposerLM: capped(new SimLM("sim/strong")),
      options,
    });

    // Assess
    expect(run.stoppedReason).toBe("budget_exceeded");
    expect(run.stoppedMessage).toMatch(/cap/);
    expect(await ledger.spent("capped")).toBeLessThanOrEqual(capUsd);
    expect(run.trials).toBeLessThan(run.state.plan.config.numTrials);
    const fullScores = run.state.search.evaluations.filter((e) => e.kind === "full" && e.status === "observed");
    expect(run.bestScore).toBe(Math.max(...fullScores.map((e) => e.score ?? 0)));
    expect(run.bestScore ?? 0).toBeGreaterThan(run.baselineScore ?? 1);
    expect(run.program.toState()).toEqual(run.state.result?.program);
  });

  it("scores a program's parse failures as failures and excludes infrastructure errors from selection", async () => {
    // Prepare
    const flaky = new SimLM("sim/weak", { faults: "500:0.15,malformed:0.15" });

    // Act
    const run = await optimizeInProcess({
      program: baselineJudge(flaky),
      trainset: judgeTrain,
      metric,
      proposerLM: new SimLM("sim/strong"),
      options,
    });

    // Assess
    const results = run.state.search.evaluations.flatMap((e) => e.results);
    const failed = results.filter((r) => r.status === "error");
    const excluded = failed.filter((r) => r.errorKind === "server");
    const programFailures = failed.filter((r) => r.errorKind === "parse");
    expect(excluded.length).toBeGreaterThan(0);
    expect(programFailures.length).toBeGreaterThan(0);
    for (const r of excluded) expect(r.score).toBeNull();
    for (const r of programFailures) expect(r.score).toBe(0);
    for (const e of run.state.search.evaluations) {
      const counted = e.results.filter((r) => r.score !== null).map((r) => r.score ?? 0);
      if (counted.length > 0) expect(e.score).toBeCloseTo(counted.reduce((a, b) => a + b, 0) / counted.length, 10);
      expect(e.scored).toBe(counted.length);
      expect(e.failures).toBe(e.results.filter((r) => r.status === "error" && r.errorKind === "parse").length);
    }
    const failedTraces = Object.values(run.state.bootstrap.traces).filter((t) => t.status === "error");
    for (const t of failedTraces) expect(t).toMatchObject({ score: null, steps: null });
  });

  it("takes each scheduled full evaluation from the combinations tried on minibatches under fullEvalPick tried", async () => {
    // Act
    const run = await optimizeInProcess({
      program: baselineJudge(new SimLM("sim/weak")),
      trainset: judgeTrain,
      metric,
      proposerLM: new SimLM("sim/strong"),
      options: { ...options, fullEvalPick: "tried" },
    });

    // Assess
    const evaluations = run.state.search.evaluations;
    const scheduled = evaluations.filter((e) => e.kind === "full" && e.id !== "full-0");
    expect(scheduled.length).toBeGreaterThan(0);
    for (const full of scheduled) {
      const earlier = evaluations.slice(0, evaluations.indexOf(full));
      expect(earlier.some((e) => e.kind === "minibatch" && e.paramsKey === full.paramsKey)).toBe(true);
    }
  });

  it("labels the gold truth it learned from: the simulator's verdicts", () => {
    // Assess: the fixtures hold both classes, so agreement is not won by always saying one thing
    const positives = judgeTrain.filter((e) => e.get("satisfied") === true).length;
    expect(positives).toBeGreaterThan(10);
    expect(positives).toBeLessThan(30);
    expect(judgeTrain.every((e) => simulatedTruth(String(e.get("transcript"))).verdict === e.get("satisfied"))).toBe(
      true,
    );
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

function optimizeJudgeWith(
  lms: ReturnType<typeof countedLMs>,
  extra: { onCheckpoint?: (state: MiproState) => void; resumeFrom?: MiproState } = {},
) {
  return optimizeInProcess({
    program: baselineJudge(lms.task),
    trainset: judgeTrain,
    metric,
    proposerLM: lms.proposer,
    options,
    ...extra,
  });
}
