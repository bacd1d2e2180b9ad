/**
 * judgeloop's side: the judge program, its MIPRO-style optimizer run in-process under a hard cap
 * of LM calls, and the one evaluator every optimized judge is scored with.
 */
import {
  ChainOfThought,
  type Demo,
  type Example,
  evaluate,
  exactMatch,
  type LM,
  type OptimizeResult,
  optimizeInProcess,
  Program,
  type Usage,
} from "@judgeloop/core";
import { OpenAILM } from "@judgeloop/core/providers";

export type Judge = Program<{ judge: ChainOfThought }>;

/**
 * The judge `transcript -> reasoning, satisfied: boolean` with the given instruction and demos.
 *
 * @example
 * const judge = judgeProgram(simLM(baseURL, "sim/default"), "Decide whether the customer is satisfied.");
 */
export function judgeProgram(lm: LM, instruction: string, demos: readonly Demo[] = []): Judge {
  const judge = new ChainOfThought("transcript -> satisfied: boolean", { demos });
  judge.signature = judge.signature.withInstructions(instruction);
  return new Program({ judge }, async (p, inputs, ctx) => p.judge.call(inputs, ctx), { lm });
}

/**
 * judgeloop's OpenAI provider pointed at a `sim serve` base URL.
 *
 * @example
 * simLM(server.baseURL, "sim/strong");
 */
export function simLM(baseURL: string, model: string): LM {
  return new OpenAILM({ model, apiKey: "simulated", baseURL });
}

export interface JudgeloopOptimizeRun {
  program: Judge;
  result: OptimizeResult<{ judge: ChainOfThought }>;
  usage: Usage;
}

/**
 * MIPRO (preset "light") on the judge, its plan shrunk to fit `maxCalls` before any call is made.
 *
 * @example
 * const run = await optimizeWithJudgeloop({ baseURL, maxCalls: 300, seed: 1, ... });
 */
export async function optimizeWithJudgeloop(options: {
  baseURL: string;
  taskModel: string;
  proposerModel: string;
  baselineInstruction: string;
  train: readonly Example[];
  val: readonly Example[];
  maxCalls: number;
  seed: number;
}): Promise<JudgeloopOptimizeRun> {
  const program = judgeProgram(simLM(options.baseURL, options.taskModel), options.baselineInstruction);
  const result = await optimizeInProcess({
    program,
    trainset: options.train,
    valset: options.val,
    metric: exactMatch("satisfied"),
    proposerLM: simLM(options.baseURL, options.proposerModel),
    options: { auto: "light", seed: options.seed, budget: { maxCalls: options.maxCalls } },
  });
  return { program: result.program, result, usage: result.spend.usage };
}

/**
 * Agreement with the gold labels on `examples`, by judgeloop's evaluate (errors are excluded and
 * counted, never scored 0).
 *
 * @example
 * const { score, errors } = await agreementOf(judge, heldOut, 8);
 */
export async function agreementOf(
  program: Judge,
  examples: readonly Example[],
  concurrency: number,
): Promise<{ score: number | null; errors: number }> {
  const result = await evaluate(program, examples, exactMatch("satisfied"), { concurrency });
  return { score: result.score, errors: result.errors + result.notRun };
}

/**
 * The instruction and demos a judge ended with, as it will render them.
 *
 * @example
 * promptOf(run.program).instruction;
 */
export function promptOf(program: Judge): { instruction: string; demos: number } {
  const state = program.toState().predictors.judge;
  return { instruction: state?.signature.instructions ?? "", demos: state?.demos.length ?? 0 };
}
