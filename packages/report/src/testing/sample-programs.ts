import {
  ChainOfThought,
  type Demo,
  type EvaluateResult,
  evaluate,
  type LM,
  Predict,
  type Prediction,
} from "@judgeloop/core";
import type { Spend } from "../summary.ts";
import { type SampleConversation, transcriptExamples } from "./sample-data.ts";

/**
 * The baseline judge: names no criterion, so a simulated judge is barely better than chance.
 *
 * @example
 * createJudge(lm, vagueJudgeInstructions);
 */
export const vagueJudgeInstructions =
  "Read the conversation and decide whether the customer is satisfied with the support reply.";

/**
 * The baseline generator: no qualities asked for.
 *
 * @example
 * createGenerator(lm, baselineGeneratorInstructions);
 */
export const baselineGeneratorInstructions = "Write the next Support message in this conversation.";

/** The judge's signature; ChainOfThought adds `reasoning`. */
export const judgeSignature = "transcript: string -> satisfied: boolean, critique: string";
/** The generator's signature: the next support reply. */
export const generatorSignature = "transcript: string -> reply: string";

/**
 * Adds up the LM calls, tokens and dollars of every evaluation the sample run makes.
 *
 * @example
 * const tally = new SpendTally();
 * tally.add(await evaluate(program, examples, metric));
 * tally.spend.calls;
 */
export class SpendTally {
  private total: Spend = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

  /** Counts an evaluation (or anything with its usage and cost) and returns it, so calls can be wrapped in place. */
  add<T extends SpendSource>(result: T): T {
    this.total = addSpend(this.total, spendOf(result));
    return result;
  }

  get spend(): Spend {
    return { ...this.total };
  }
}

/** What an evaluation or a gold labelling reports about its LM use. */
type SpendSource = Pick<EvaluateResult, "usage" | "costUsd">;

/**
 * An evaluation's calls, tokens and cost.
 *
 * @example
 * spendOf(await evaluate(program, examples, metric)).costUsd;
 */
export function spendOf(result: SpendSource): Spend {
  return {
    calls: result.usage.calls,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    costUsd: result.costUsd,
  };
}

/**
 * The sum of two spends; unknown cost (null) stays unknown.
 *
 * @example
 * addSpend(generation, judging).calls;
 */
export function addSpend(a: Spend, b: Spend): Spend {
  return {
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd === null || b.costUsd === null ? null : a.costUsd + b.costUsd,
  };
}

/**
 * The sample's judge: ChainOfThought over the transcript, with the given instructions and demos.
 *
 * @example
 * createJudge(lm, "Check that the reply gives a next step.", demos);
 */
export function createJudge(lm: LM, instructions: string, demos: readonly Demo[] = []): ChainOfThought {
  const judge = new ChainOfThought(judgeSignature, { lm, demos, name: "judge" });
  judge.signature = judge.signature.withInstructions(instructions);
  return judge;
}

/**
 * The sample's generator: Predict from the transcript to the next reply.
 *
 * @example
 * createGenerator(lm, baselineGeneratorInstructions);
 */
export function createGenerator(lm: LM, instructions: string, demos: readonly Demo[] = []): Predict {
  const generator = new Predict(generatorSignature, { lm, demos, name: "generator" });
  generator.signature = generator.signature.withInstructions(instructions);
  return generator;
}

/** One judged transcript: the verdict and the critique the judge gave. */
export interface Judgement {
  id: string;
  verdict: boolean;
  critique: string;
}

export interface JudgeRunOptions {
  temperature?: number;
  rolloutId?: number;
}

/**
 * Runs a judge over transcripts; examples that end in an error are left out.
 *
 * @example
 * (await runJudge(judge, items, tally)).get("twcs-332")?.verdict;
 */
export async function runJudge(
  judge: ChainOfThought,
  items: readonly SampleConversation[],
  tally: SpendTally,
  options: JudgeRunOptions = {},
): Promise<Map<string, Judgement>> {
  const result = tally.add(
    await evaluate(judge, transcriptExamples(items), () => true, { concurrency: 16, ...options }),
  );
  const byId = new Map<string, Judgement>();
  for (const record of result.records) {
    const verdict = record.outputs?.satisfied;
    if (record.status !== "scored" || typeof verdict !== "boolean" || record.exampleId === null) continue;
    byId.set(record.exampleId, { id: record.exampleId, verdict, critique: String(record.outputs?.critique ?? "") });
  }
  return byId;
}

/**
 * Runs a generator over conversations: each conversation's reply, by id.
 *
 * @example
 * const { replies } = await runGenerator(generator, items, tally);
 */
export async function runGenerator(
  generator: Predict,
  items: readonly SampleConversation[],
  tally: SpendTally,
): Promise<{ replies: Map<string, string>; spend: Spend }> {
  const result = tally.add(await evaluate(generator, transcriptExamples(items), () => true, { concurrency: 16 }));
  const replies = new Map<string, string>();
  for (const record of result.records) {
    const reply = record.outputs?.reply;
    if (record.status === "scored" && typeof reply === "string" && record.exampleId !== null)
      replies.set(record.exampleId, reply);
  }
  return { replies, spend: spendOf(result) };
}

/**
 * Scores a judge by agreement with gold labels (1 when its verdict matches, else 0).
 *
 * @example
 * await evaluate(judge, examples, agreementMetric(goldById));
 */
export function agreementMetric(gold: ReadonlyMap<string, boolean>) {
  return (example: { id: string | undefined }, prediction: Prediction): number => {
    const label = example.id === undefined ? undefined : gold.get(example.id);
    if (label === undefined) throw new Error("example has no gold label");
    return prediction.get("satisfied") === label ? 1 : 0;
  };
}
