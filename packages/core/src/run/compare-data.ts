import { appendReply } from "../data/conversation.ts";
import { goldJudgeTemperature } from "../data/gold-judge.ts";
import type { EvaluateResult } from "../evaluate/types.ts";
import type { PassRecord } from "../metrics/paired.ts";
import { Example } from "../module/example.ts";
import type { Program } from "../module/program.ts";
import { generatorInput, generatorOutput, judgeCritique, judgeInput, judgeVerdict } from "./programs.ts";
import type { StageContext } from "./stage-context.ts";
import { evaluateInStage } from "./stage-data.ts";
import type { GoldVerdictData, SpendData, VerdictData } from "./summary-types.ts";

/** One generator's replies on one split, each judged: by example id. */
export interface JudgedReplies {
  byId: Map<string, VerdictData>;
  /** Generation plus judging of this split. */
  spend: SpendData;
}

/**
 * Runs a generator over examples, then the judge over each conversation with its reply. A reply
 * the generator or the judge failed on is left out (and so unmatched in the comparison).
 *
 * @example
 * const { byId } = await judgedReplies(ctx, generator, judge, holdout, "baseline holdout");
 */
export async function judgedReplies(
  ctx: StageContext,
  generator: Program,
  judge: Program,
  examples: readonly Example[],
  label: string,
): Promise<JudgedReplies> {
  const { models } = ctx.input;
  const generated = await evaluateInStage(ctx, {
    program: generator,
    examples,
    metric: { kind: "none" },
    model: models.generator,
    unit: `${label} replies`,
  });
  const replies = new Map<string, { conversation: string; reply: string }>();
  generated.records.forEach((record, index) => {
    const reply = record.outputs?.[generatorOutput];
    const example = examples[index];
    if (record.status !== "scored" || typeof reply !== "string" || !example) return;
    replies.set(example.id ?? String(index), { conversation: String(example.get(generatorInput)), reply });
  });
  const judged = [...replies].map(([id, { conversation, reply }]) => examplesFor(id, appendReply(conversation, reply)));
  const verdicts = await evaluateInStage(ctx, {
    program: judge,
    examples: judged,
    metric: { kind: "none" },
    model: models.judge,
    unit: `${label} verdicts`,
  });
  const byId = new Map<string, VerdictData>();
  verdicts.records.forEach((record, index) => {
    const id = judged[index]?.id;
    const verdict = record.outputs?.[judgeVerdict];
    const reply = id === undefined ? undefined : replies.get(id)?.reply;
    if (record.status !== "scored" || typeof verdict !== "boolean" || id === undefined || reply === undefined) return;
    const critique = record.outputs?.[judgeCritique];
    byId.set(id, { reply, verdict, critique: typeof critique === "string" ? critique : null });
  });
  return { byId, spend: addSpend(spendOf(ctx, models.generator, generated), spendOf(ctx, models.judge, verdicts)) };
}

/** Gold verdicts on one program's replies, by example id, and what the gold model's calls cost. */
export interface GoldVerdicts {
  byId: Map<string, GoldVerdictData>;
  spend: SpendData;
}

/**
 * Gold verdicts on judged replies: the run's gold model (with the rubric, at temperature 0, as
 * the label stage runs it) labels each conversation with its reply, one stage job per reply. A
 * reply the gold model failed on is left out (and so out of the gold check).
 *
 * @example
 * const gold = await goldVerdicts(ctx, optimizedHoldout, conversations, "optimized holdout");
 */
export async function goldVerdicts(
  ctx: StageContext,
  judged: JudgedReplies,
  conversations: ReadonlyMap<string, string>,
  label: string,
): Promise<GoldVerdicts> {
  const model = ctx.input.models.gold;
  const examples = [...judged.byId].flatMap(([id, { reply }]) => {
    const conversation = conversations.get(id);
    return conversation === undefined ? [] : [examplesFor(id, appendReply(conversation, reply))];
  });
  const result = await evaluateInStage(ctx, {
    program: "gold-judge",
    examples,
    metric: { kind: "none" },
    model,
    unit: `${label} gold labels`,
    options: { temperature: goldJudgeTemperature },
  });
  const byId = new Map<string, GoldVerdictData>();
  result.records.forEach((record, index) => {
    const id = examples[index]?.id;
    const verdict = record.outputs?.satisfied;
    if (record.status !== "scored" || typeof verdict !== "boolean" || id === undefined) return;
    const critique = record.outputs?.critique;
    byId.set(id, { verdict, critique: typeof critique === "string" ? critique.trim() : null, source: "model" });
  });
  return { byId, spend: spendOf(ctx, model, result) };
}

function examplesFor(id: string, transcript: string): Example {
  return new Example({ [judgeInput]: transcript }, { id, inputs: [judgeInput] });
}

/**
 * Pass records for the paired comparison.
 *
 * @example
 * comparePrograms(passRecords(baseline), passRecords(optimized), { seed: "compare" });
 */
export function passRecords(judged: JudgedReplies): PassRecord[] {
  return [...judged.byId].map(([id, { verdict }]) => ({ id, pass: verdict }));
}

/**
 * What an evaluation's calls cost at list price, cached answers included (the comparison is
 * about what each program costs to run, not about what this run happened to pay).
 *
 * @example
 * spendOf(ctx, "sim/generator", result).costUsd;
 */
export function spendOf(ctx: StageContext, model: string, result: EvaluateResult): SpendData {
  return {
    calls: result.usage.calls,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    costUsd: ctx.costOf(model, result.usage),
  };
}

/**
 * Two spends added; the cost is unknown when either is.
 *
 * @example
 * addSpend(generation, judging).calls;
 */
export function addSpend(a: SpendData, b: SpendData): SpendData {
  return {
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd === null || b.costUsd === null ? null : a.costUsd + b.costUsd,
  };
}
