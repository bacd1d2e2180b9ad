/**
 * Ax's optimizers on the same judge task: the top-level `optimize(...)` (Ax's recommended entry
 * point) and the `AxGEPA` class used directly. Ax's `maxMetricCalls` counts metric calls only,
 * so its reflection calls come on top: a run over the budget is repeated with the budget
 * shrunk by the overrun (at most three attempts), and the requests of the kept run are reported.
 * `AxBootstrapFewShot` shuffles with `Math.random`, so each run draws it from a generator seeded
 * by the cell and the run number: a run repeats exactly, and repeated runs sample Ax's randomness.
 */
import { type Demo, type Example, Random } from "@judgeloop/core";
import { startSimServer } from "@judgeloop/local";
import {
  type AxGen,
  type AxModule,
  type AxOptimizedProgram,
  agreement,
  axJudgeSignature,
  axPromptOf,
  axService,
  optimizeWithAx,
  toAxExamples,
} from "../peers/ax-runner.ts";
import { startAxShim } from "../peers/ax-shim.ts";

/** `optimize()` as Ax's docs show it, `optimize()` with `bootstrap: true` (demos first), `AxGEPA` directly. */
export type AxOptimizer = "ax-optimize" | "ax-optimize-bootstrap" | "ax-gepa";

/** The slice of `AxGEPA` this benchmark uses (Ax 24). */
interface AxGEPAModule {
  AxGEPA: new (
    args: Record<string, unknown>,
  ) => {
    compile(
      program: AxGen,
      examples: readonly unknown[],
      metric: typeof agreement,
      options: Record<string, unknown>,
    ): Promise<{ optimizedProgram?: AxOptimizedProgram }>;
  };
}

export interface AxTask {
  taskModel: string;
  proposerModel: string;
  baselineInstruction: string;
  train: readonly Example[];
  val: readonly Example[];
  budget: number;
  seed: number;
  /** Which repetition of the cell this is (0 first): it seeds `Math.random` with the seed. */
  run?: number;
  latencyMs: number;
}

/**
 * Runs one Ax optimizer within the budget of requests.
 *
 * @example
 * const run = await runAxOptimizer(ax, "ax-gepa", task);
 */
export async function runAxOptimizer(
  ax: AxModule,
  kind: AxOptimizer,
  task: AxTask,
): Promise<{ instruction: string; demos: Demo[]; requests: number }> {
  return withSeededMathRandom(`ax/${task.budget}/${task.seed}/${task.run ?? 0}`, () => axWithinBudget(ax, kind, task));
}

async function axWithinBudget(ax: AxModule, kind: AxOptimizer, task: AxTask) {
  let maxMetricCalls = task.budget;
  let run = await axOnce(ax, kind, task, maxMetricCalls);
  for (let attempt = 1; attempt < 3; attempt++) {
    const over = run.requests - task.budget;
    if (over <= 0 || maxMetricCalls - over < task.val.length) break;
    maxMetricCalls -= over;
    run = await axOnce(ax, kind, task, maxMetricCalls);
  }
  return run;
}

async function axOnce(ax: AxModule, kind: AxOptimizer, task: AxTask, maxMetricCalls: number) {
  const server = await startSimServer({ latencyMs: task.latencyMs });
  const shim = await startAxShim(server.baseURL);
  try {
    const options = { ...task, teacherModel: task.proposerModel, baseURL: shim.baseURL, maxMetricCalls };
    const prompt =
      kind === "ax-optimize"
        ? await optimizeWithAx(ax, options)
        : kind === "ax-optimize-bootstrap"
          ? await optimizeWithBootstrap(ax, options)
          : await axGepa(ax, options);
    return { instruction: prompt.instruction, demos: prompt.demos, requests: server.stats().requests };
  } finally {
    await shim.close();
    await server.close();
  }
}

/** Ax's `optimize()` asked to bootstrap demos before GEPA (`bootstrap: true`), as an Ax user wanting demos would. */
async function optimizeWithBootstrap(
  ax: AxModule,
  options: AxTask & { teacherModel: string; baseURL: string; maxMetricCalls: number },
): Promise<{ instruction: string; demos: Demo[] }> {
  const program = ax.ax(axJudgeSignature);
  program.setInstruction(options.baselineInstruction);
  const result = await ax.optimize(program, toAxExamples(options.train), agreement, {
    studentAI: axService(ax, options.baseURL, options.taskModel),
    teacherAI: axService(ax, options.baseURL, options.teacherModel),
    validationExamples: toAxExamples(options.val),
    maxMetricCalls: options.maxMetricCalls,
    seed: options.seed,
    bootstrap: true,
  });
  return axPromptOf(result.optimizedProgram, options.baselineInstruction);
}

async function axGepa(
  ax: AxModule,
  options: AxTask & { teacherModel: string; baseURL: string; maxMetricCalls: number },
): Promise<{ instruction: string; demos: Demo[] }> {
  const { AxGEPA } = ax as unknown as AxGEPAModule;
  const program = ax.ax(axJudgeSignature);
  program.setInstruction(options.baselineInstruction);
  const optimizer = new AxGEPA({
    studentAI: axService(ax, options.baseURL, options.taskModel),
    teacherAI: axService(ax, options.baseURL, options.teacherModel),
    seed: options.seed,
  });
  const result = await optimizer.compile(program, toAxExamples(options.train), agreement, {
    validationExamples: toAxExamples(options.val),
    maxMetricCalls: options.maxMetricCalls,
  });
  return axPromptOf(result.optimizedProgram, options.baselineInstruction);
}

/** Runs `work` with `Math.random` replaced by a generator seeded with `seed`, restored afterwards. */
async function withSeededMathRandom<T>(seed: string, work: () => Promise<T>): Promise<T> {
  const original = Math.random;
  const rng = new Random(seed);
  Math.random = () => rng.next();
  try {
    return await work();
  } finally {
    Math.random = original;
  }
}
