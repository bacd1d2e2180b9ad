/**
 * judgeloop's optimizers on the judge task, each on its own `sim serve` (so its requests are
 * counted at the server) under a hard cap of LM calls shared by the task and proposer models:
 * MIPRO and GEPA at default flags (the preset of the budget level plus `budget.maxCalls`),
 * bootstrap + GEPA (BootstrapFewShot demos, then GEPA with what is left), and random search
 * over MIPRO's own candidates.
 */
import {
  BootstrapFewShot,
  type Demo,
  type Example,
  evaluate,
  exactMatch,
  exampleFromData,
  gepaInProcess,
  type LM,
  MemoryBudgetLedger,
  type MiproOptions,
  type MiproState,
  optimizeInProcess,
  programForParams,
  programWithPrompts,
  withBudget,
} from "@judgeloop/core";
import { startSimServer } from "@judgeloop/local";
import { type Judge, judgeProgram, simLM } from "../peers/judgeloop-runner.ts";
import { randomCombinations } from "./random-search.ts";

export type JudgeloopOptimizer =
  | "mipro"
  | "gepa"
  | "bootstrap+gepa"
  | "random"
  // MIPRO with DSPy's choice where the default departs from it (issue 15 item 3), one at a time
  // (measured on the tuning world) and all together (mipro-dspy, reported on every world).
  | "mipro-tried-pick"
  | "mipro-startup10"
  | "mipro-labeled-teacher"
  | "mipro-dspy";

export interface BenchTask {
  taskModel: string;
  proposerModel: string;
  baselineInstruction: string;
  /** What `judgeloop optimize --trainset` gets: the optimizer carves its own validation split. */
  trainset: readonly Example[];
  budget: number;
  /** The preset of the budget level (light ~400, medium ~800). */
  auto: "light" | "medium";
  seed: number;
  latencyMs: number;
}

/** The chosen judge prompt and the requests its optimization made. */
export interface OptimizedJudge {
  instruction: string;
  demos: Demo[];
  requests: number;
}

const metric = exactMatch("satisfied");

/**
 * Runs one judgeloop optimizer on the task.
 *
 * @example
 * const run = await runJudgeloopOptimizer("gepa", task);
 */
export async function runJudgeloopOptimizer(kind: JudgeloopOptimizer, task: BenchTask): Promise<OptimizedJudge> {
  const server = await startSimServer({ latencyMs: task.latencyMs });
  try {
    const ledger = new MemoryBudgetLedger();
    // Random search replays MIPRO's candidates after MIPRO's own run, whose search calls it does not count.
    const cap = kind === "random" ? 2 * task.budget : task.budget;
    const capped = (model: string): LM =>
      withBudget(simLM(server.baseURL, model), ledger, { runId: "bench", maxCalls: cap });
    const lms = { task: capped(task.taskModel), proposer: capped(task.proposerModel) };
    const program = judgeProgram(lms.task, task.baselineInstruction);
    const chosen = await optimizers[kind](program, lms, task, () => server.stats().requests);
    const state = chosen.judge.toState().predictors.judge;
    return {
      instruction: state?.signature.instructions ?? "",
      demos: state?.demos ?? [],
      requests: server.stats().requests - (chosen.uncounted ?? 0),
    };
  } finally {
    await server.close();
  }
}

type Runner = (
  program: Judge,
  lms: { task: LM; proposer: LM },
  task: BenchTask,
  requests: () => number,
) => Promise<{ judge: Judge; uncounted?: number }>;

const optimizers: Record<JudgeloopOptimizer, Runner> = {
  mipro: async (program, lms, task) => ({ judge: (await mipro(program, lms, task)).program }),
  "mipro-tried-pick": async (program, lms, task) => ({
    judge: (await mipro(program, lms, task, { fullEvalPick: "tried" })).program,
  }),
  "mipro-startup10": async (program, lms, task) => ({
    judge: (await mipro(program, lms, task, { tpe: { startupTrials: 10 } })).program,
  }),
  "mipro-labeled-teacher": async (program, lms, task) => ({
    judge: (await mipro(program, lms, task, { teacher: "labeled" })).program,
  }),
  "mipro-dspy": async (program, lms, task) => ({
    judge: (await mipro(program, lms, task, dspyChoices)).program,
  }),
  gepa: async (program, lms, task) => ({ judge: await gepa(program, lms, task, task.budget) }),
  "bootstrap+gepa": async (program, lms, task, requests) => {
    const demos = await new BootstrapFewShot({
      metric,
      maxBootstrappedDemos: 4,
      maxLabeledDemos: 4,
      seed: task.seed,
    }).compile(program, task.trainset);
    return { judge: await gepa(demos, lms, task, task.budget - requests()) };
  },
  random: async (program, lms, task, requests) => {
    // MIPRO's candidates (its bootstrap and proposals) searched at random on the whole valset.
    const run = await mipro(program, lms, task);
    const searchCalls = run.state.search.evaluations.reduce((sum, e) => sum + e.calls, 0);
    const judge = await randomSearch(run.state, program, task.budget - (requests() - searchCalls), task.seed);
    return { judge, uncounted: searchCalls };
  },
};

/** DSPy's MIPROv2 where judgeloop's defaults depart from it. */
const dspyChoices: MiproOptions = { teacher: "labeled", fullEvalPick: "tried", tpe: { startupTrials: 10 } };

function mipro(program: Judge, lms: { task: LM; proposer: LM }, task: BenchTask, extra: MiproOptions = {}) {
  return optimizeInProcess({
    program,
    trainset: task.trainset,
    metric,
    proposerLM: lms.proposer,
    options: { auto: task.auto, seed: task.seed, budget: { maxCalls: task.budget }, ...extra },
  });
}

async function gepa(program: Judge, lms: { task: LM; proposer: LM }, task: BenchTask, maxCalls: number) {
  const run = await gepaInProcess({
    program,
    trainset: task.trainset,
    metric,
    proposerLM: lms.proposer,
    options: { auto: task.auto, seed: task.seed, budget: { maxCalls } },
  });
  return run.program;
}

/** The baseline, then random untried combinations, each on MIPRO's whole valset, within `budget` calls. */
async function randomSearch(state: MiproState, program: Judge, budget: number, seed: number): Promise<Judge> {
  const data = state.valset.map(exampleFromData);
  let best: { program: Judge; score: number } | undefined;
  let spent = 0;
  for (const params of randomCombinations(state, seed)) {
    if (spent + data.length > budget) break;
    const candidate = programWithPrompts(program, programForParams(state, params));
    const result = await evaluate(candidate, data, metric, { concurrency: 8 });
    spent += result.usage.calls;
    const score = result.score ?? -1;
    if (!best || score > best.score) best = { program: candidate, score };
  }
  return best?.program ?? program;
}
