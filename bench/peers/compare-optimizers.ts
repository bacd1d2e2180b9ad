/**
 * Comparison (a): judgeloop's optimizer vs Ax's at equal LM-call budgets, per seed.
 *
 * Ax runs first with `maxMetricCalls` = the budget; its real call count (reflection calls
 * included) is read at the server, and judgeloop is then capped at exactly that many calls, so
 * judgeloop never has more calls than Ax. Every optimized judge is then scored on the held-out
 * split by the same evaluator (judgeloop's evaluate over the same server); Ax's program is also
 * scored with its own forward, for reference.
 */
import type { Example, Usage } from "@judgeloop/core";
import { startSimServer } from "@judgeloop/local";
import {
  type AxModule,
  type AxOptimizedProgram,
  axJudgeSignature,
  axService,
  forwardPool,
  optimizeWithAx,
  toAxExamples,
} from "./ax-runner.ts";
import { startAxShim } from "./ax-shim.ts";
import type { JudgeData } from "./data.ts";
import { agreementOf, judgeProgram, optimizeWithJudgeloop, promptOf, simLM } from "./judgeloop-runner.ts";
import { firstLine } from "./peer-modules.ts";

export interface OptimizerSettings {
  budget: number;
  seeds: readonly number[];
  latencyMs: number;
  taskModel: string;
  proposerModel: string;
  baselineInstruction: string;
  /** Examples in flight while scoring held-out agreement. */
  evalConcurrency: number;
}

/** One optimizer's run on one seed. */
export interface OptimizerRun {
  seed: number;
  /** Held-out agreement by judgeloop's evaluate; null when nothing was scored. */
  heldOut: number | null;
  /** Held-out agreement by Ax's own forward (Ax only). */
  ownForward?: number | null;
  /** Requests the sim server received during optimization. */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  seconds: number;
  instruction: string;
  demos: number;
}

export interface OptimizerComparison {
  baseline: number | null;
  judgeloop: OptimizerRun[];
  ax: OptimizerRun[];
  /** Why Ax did not run or failed, when it did. */
  axProblem?: string;
}

/**
 * Runs comparison (a) for every seed.
 *
 * @example
 * const comparison = await compareOptimizers(data, ax, settings, log);
 */
export async function compareOptimizers(
  data: JudgeData,
  ax: AxModule | undefined,
  settings: OptimizerSettings,
  log: (line: string) => void,
): Promise<OptimizerComparison> {
  const comparison: OptimizerComparison = { baseline: null, judgeloop: [], ax: [] };
  comparison.baseline = await withServer(settings, async (baseURL) => {
    const baseline = judgeProgram(simLM(baseURL, settings.taskModel), settings.baselineInstruction);
    return (await agreementOf(baseline, data.heldOut, settings.evalConcurrency)).score;
  });
  for (const seed of settings.seeds) {
    let axRun: OptimizerRun | undefined;
    if (ax && comparison.axProblem === undefined) {
      try {
        axRun = await runAx(ax, data, settings, seed);
        comparison.ax.push(axRun);
      } catch (error) {
        comparison.axProblem = `Ax optimize failed on seed ${seed}: ${firstLine(error)}`;
      }
    }
    const cap = axRun?.calls ?? settings.budget;
    comparison.judgeloop.push(await runJudgeloop(data, settings, seed, cap));
    log(`(a) seed ${seed}: judgeloop ${describe(comparison.judgeloop.at(-1))}; Ax ${describe(axRun)}`);
  }
  return comparison;
}

async function runAx(ax: AxModule, data: JudgeData, settings: OptimizerSettings, seed: number): Promise<OptimizerRun> {
  let maxMetricCalls = settings.budget;
  for (;;) {
    const run = await axOnce(ax, data, settings, seed, maxMetricCalls);
    const over = run.calls - settings.budget;
    // Ax's budget counts metric calls only; its reflection calls come on top. Shrink and rerun.
    if (over <= 0 || maxMetricCalls - over < data.val.length) return run;
    maxMetricCalls -= over;
  }
}

async function axOnce(
  ax: AxModule,
  data: JudgeData,
  settings: OptimizerSettings,
  seed: number,
  maxMetricCalls: number,
): Promise<OptimizerRun> {
  const server = await startSimServer({ latencyMs: settings.latencyMs });
  const shim = await startAxShim(server.baseURL);
  try {
    const started = performance.now();
    const run = await optimizeWithAx(ax, {
      ...settings,
      ...data,
      teacherModel: settings.proposerModel,
      baseURL: shim.baseURL,
      maxMetricCalls,
      seed,
    });
    const seconds = (performance.now() - started) / 1000;
    const { requests } = server.stats();
    const { inputTokens, outputTokens } = shim.stats();
    const scored = await withServer(settings, async (evalURL) => {
      const sameEvaluator = judgeProgram(simLM(evalURL, settings.taskModel), run.instruction, run.demos);
      const heldOut = (await agreementOf(sameEvaluator, data.heldOut, settings.evalConcurrency)).score;
      return { heldOut, ownForward: await axOwnForward(ax, run.optimized, evalURL, data.heldOut, settings) };
    });
    const prompt = { instruction: run.instruction, demos: run.demos.length };
    return { seed, ...scored, calls: requests, inputTokens, outputTokens, seconds, ...prompt };
  } finally {
    await shim.close();
    await server.close();
  }
}

/** Ax's optimized program scored by Ax's own forward (through the dialect shim). */
async function axOwnForward(
  ax: AxModule,
  optimized: AxOptimizedProgram | undefined,
  evalURL: string,
  heldOut: readonly Example[],
  settings: OptimizerSettings,
): Promise<number | null> {
  const shim = await startAxShim(evalURL);
  try {
    const program = applyTo(ax, optimized, settings.baselineInstruction);
    const service = axService(ax, shim.baseURL, settings.taskModel);
    const outcome = await forwardPool(program, service, toAxExamples(heldOut), settings.evalConcurrency);
    const scored = heldOut.length - outcome.failed;
    return scored === 0 ? null : outcome.agreed / scored;
  } finally {
    await shim.close();
  }
}

function applyTo(ax: AxModule, optimized: AxOptimizedProgram | undefined, instruction: string) {
  const program = ax.ax(axJudgeSignature);
  program.setInstruction(instruction);
  if (optimized) program.applyOptimization(optimized);
  return program;
}

async function runJudgeloop(data: JudgeData, settings: OptimizerSettings, seed: number, maxCalls: number) {
  const server = await startSimServer({ latencyMs: settings.latencyMs });
  try {
    const started = performance.now();
    const run = await optimizeWithJudgeloop({ ...settings, ...data, baseURL: server.baseURL, maxCalls, seed });
    const seconds = (performance.now() - started) / 1000;
    const { requests } = server.stats();
    const heldOut = await withServer(settings, async (evalURL) => {
      const rebound = judgeProgram(simLM(evalURL, settings.taskModel), promptOf(run.program).instruction, demosOf(run));
      return (await agreementOf(rebound, data.heldOut, settings.evalConcurrency)).score;
    });
    return { seed, heldOut, calls: requests, ...tokens(run.usage), seconds, ...promptOf(run.program) };
  } finally {
    await server.close();
  }
}

function demosOf(run: Awaited<ReturnType<typeof optimizeWithJudgeloop>>) {
  return run.program.toState().predictors.judge?.demos ?? [];
}

function tokens(usage: Usage) {
  return { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
}

/** A fresh sim server (same latency, no rate limit) for scoring, so optimization counts stay clean. */
async function withServer<T>(settings: OptimizerSettings, use: (baseURL: string) => Promise<T>): Promise<T> {
  const server = await startSimServer({ latencyMs: settings.latencyMs });
  try {
    return await use(server.baseURL);
  } finally {
    await server.close();
  }
}

function describe(run: OptimizerRun | undefined): string {
  if (!run) return "not run";
  const score = run.heldOut === null ? "n/a" : run.heldOut.toFixed(3);
  return `held-out ${score}, ${run.calls} calls, ${run.seconds.toFixed(1)} s`;
}
