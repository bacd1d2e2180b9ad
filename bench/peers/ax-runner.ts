/**
 * Ax, driven the way its documentation recommends: `ai({ name: "openai-compatible", apiURL })`
 * for the simulator, `ax(signature)` for the judge, the top-level `optimize(...)` helper (GEPA,
 * preceded by AxBootstrapFewShot only for starter sets of 8 examples or fewer) with a held-out
 * `validationExamples` set and `maxMetricCalls` as its budget.
 */
import type { Demo, Example } from "@judgeloop/core";

/** The slice of Ax's API this benchmark uses (Ax 24). */
export interface AxModule {
  ai(args: { name: string; apiKey: string; apiURL: string; config: { model: string; stream: boolean } }): AxService;
  ax(signature: string): AxGen;
  optimize(
    program: AxGen,
    examples: readonly AxExample[],
    metric: AxMetric,
    options: Record<string, unknown>,
  ): Promise<{ bestScore: number; optimizedProgram?: AxOptimizedProgram }>;
  AxTestPrompt: new (args: {
    ai: AxService;
    program: AxGen;
    examples: readonly AxExample[];
  }) => {
    run(metric: AxMetric): Promise<void>;
  };
}

/** Opaque: an AI service instance made by `ai(...)`. */
export type AxService = object;

export interface AxGen {
  setInstruction(text: string): void;
  applyOptimization(optimized: AxOptimizedProgram): void;
  forward(ai: AxService, values: Record<string, unknown>, options?: Record<string, unknown>): Promise<AxPrediction>;
}

export interface AxOptimizedProgram {
  instruction?: string;
  componentMap?: Record<string, string>;
  demos?: { programId: string; traces: Record<string, unknown>[] }[];
}

export type AxExample = { transcript: string; satisfied: boolean };
export type AxPrediction = Record<string, unknown>;
export type AxMetric = (args: { prediction: AxPrediction; example: AxExample }) => number | Promise<number>;

export interface AxOptimizeRun {
  instruction: string;
  demos: Demo[];
  /** Ax's own best score on the validation set. */
  bestScore: number;
  optimized: AxOptimizedProgram | undefined;
}

/** The judge in Ax: chain of thought written as a `reasoning` output before the verdict. */
export const axJudgeSignature = "transcript:string -> reasoning:string, satisfied:boolean";

/**
 * Optimizes the judge with Ax's `optimize(...)`.
 *
 * @example
 * const run = await optimizeWithAx(ax, { baseURL, train, val, maxMetricCalls: 400, seed: 1, ... });
 */
export async function optimizeWithAx(
  ax: AxModule,
  options: {
    baseURL: string;
    taskModel: string;
    teacherModel: string;
    baselineInstruction: string;
    train: readonly Example[];
    val: readonly Example[];
    maxMetricCalls: number;
    seed: number;
  },
): Promise<AxOptimizeRun> {
  const program = ax.ax(axJudgeSignature);
  program.setInstruction(options.baselineInstruction);
  const result = await ax.optimize(program, toAxExamples(options.train), agreement, {
    studentAI: axService(ax, options.baseURL, options.taskModel),
    teacherAI: axService(ax, options.baseURL, options.teacherModel),
    validationExamples: toAxExamples(options.val),
    maxMetricCalls: options.maxMetricCalls,
    seed: options.seed,
  });
  const optimized = result.optimizedProgram;
  return {
    ...axPromptOf(optimized, options.baselineInstruction),
    bestScore: result.bestScore,
    optimized,
  };
}

/**
 * The instruction and demos an Ax optimized program carries (the baseline instruction when it has none).
 *
 * @example
 * axPromptOf(result.optimizedProgram, "Decide whether the customer is satisfied.").instruction;
 */
export function axPromptOf(
  optimized: AxOptimizedProgram | undefined,
  baselineInstruction: string,
): { instruction: string; demos: Demo[] } {
  return {
    instruction: optimized?.componentMap?.["root::instruction"] ?? optimized?.instruction ?? baselineInstruction,
    demos: (optimized?.demos ?? []).flatMap((set) => set.traces.map((trace) => ({ ...trace, augmented: true }))),
  };
}

/**
 * An OpenAI-compatible Ax service at `baseURL` (non-streaming: the simulator answers whole).
 *
 * @example
 * const ai = axService(ax, sim.baseURL, "sim/default");
 */
export function axService(ax: AxModule, baseURL: string, model: string): AxService {
  return ax.ai({ name: "openai-compatible", apiKey: "simulated", apiURL: baseURL, config: { model, stream: false } });
}

/**
 * Judge examples as Ax takes them: plain objects with the input and the gold label.
 *
 * @example
 * toAxExamples(heldOut)[0]; // { transcript: "Company: ...", satisfied: true }
 */
export function toAxExamples(examples: readonly Example[]): AxExample[] {
  return examples.map((e) => ({ transcript: String(e.get("transcript")), satisfied: e.get("satisfied") === true }));
}

/** 1 when the judge's verdict matches the gold label. */
export const agreement: AxMetric = ({ prediction, example }) => (prediction.satisfied === example.satisfied ? 1 : 0);

export interface ForwardOutcome {
  /** Examples whose verdict matched the gold label. */
  agreed: number;
  /** Examples whose forward threw (after Ax's own retries). */
  failed: number;
}

/**
 * Runs `program.forward` over the examples with at most `concurrency` in flight. Ax ships no
 * concurrent evaluation runner (AxTestPrompt goes one example at a time), so this small pool is
 * the benchmark's, not Ax's.
 *
 * @example
 * const { agreed, failed } = await forwardPool(program, ai, toAxExamples(heldOut), 8);
 */
export async function forwardPool(
  program: AxGen,
  ai: AxService,
  examples: readonly AxExample[],
  concurrency: number,
): Promise<ForwardOutcome> {
  const outcome: ForwardOutcome = { agreed: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < examples.length) {
      const example = examples[next++] as AxExample;
      try {
        const prediction = await program.forward(ai, { transcript: example.transcript });
        // Read the total only after the await: `x += await y` would add to a stale value.
        const agreed = await agreement({ prediction, example });
        outcome.agreed += agreed;
      } catch {
        outcome.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, examples.length) }, worker));
  return outcome;
}
