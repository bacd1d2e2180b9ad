import {
  appendReply,
  type ChainOfThought,
  comparePrograms,
  type Demo,
  lengthBias,
  type Metric,
  type Predict,
  responseLength,
} from "@judgeloop/core";
import type { FlipsSection, GeneratorComparison, OptimizationSummary, Spend } from "../summary.ts";
import type { SampleConversation, SampleData } from "./sample-data.ts";
import { transcriptExamples } from "./sample-data.ts";
import { proposeInstructions, type SampleDeps } from "./sample-judge.ts";
import {
  addSpend,
  baselineGeneratorInstructions,
  createGenerator,
  type Judgement,
  runGenerator,
  runJudge,
} from "./sample-programs.ts";
import { sampleSearch } from "./sample-search.ts";

export interface GeneratorStage {
  comparison: GeneratorComparison;
  optimization: OptimizationSummary;
  flips: FlipsSection;
  baselineGenerator: Predict;
  optimizedGenerator: Predict;
  /** The optimized generator's holdout replies, by id (the prompts section renders one). */
  holdoutReplies: ReadonlyMap<string, string>;
}

/** One program's replies on a split and the judge's verdicts on them. */
interface Outcome {
  replies: Map<string, string>;
  judgements: Map<string, Judgement>;
  spend: Spend;
}

/**
 * Steps 6-7 on the simulator: optimize the generator with the optimized judge as its metric,
 * then compare baseline and optimized on the dev train split and the holdout (pass rates,
 * paired tests, flips, reply lengths and the judge's length bias).
 *
 * @example
 * const stage = await runGeneratorStage(data, optimizedJudge, deps);
 */
export async function runGeneratorStage(
  data: SampleData,
  judge: ChainOfThought,
  deps: SampleDeps,
): Promise<GeneratorStage> {
  const generatorLM = deps.lm(deps.models.generator);
  const baselineGenerator = createGenerator(generatorLM, baselineGeneratorInstructions);
  const baselineTrain = await outcome(baselineGenerator, data.devTrain, judge, deps);
  const search = await sampleSearch({
    optimizer: "random search over proposed instructions × bootstrapped demo sets (sample)",
    metricName: "the optimized judge's verdict on the reply",
    instructions: [
      baselineGeneratorInstructions,
      ...(await proposeInstructions(baselineGeneratorInstructions, "generator", deps)),
    ],
    demoSets: [[], ...passingDemoSets(data.devTrain, baselineTrain)],
    predictorName: "generator",
    trainset: transcriptExamples(data.devTrain),
    build: (instructions, demos) => createGenerator(generatorLM, instructions, demos),
    metric: judgeMetric(judge),
    trials: 13,
    minibatchSize: 10,
    fullEvery: 4,
    seed: `${deps.seed}/generator-search`,
    tally: deps.tally,
  });
  const optimizedGenerator = createGenerator(generatorLM, search.best.instructions, search.best.demos);
  const optimizedTrain = await outcome(optimizedGenerator, data.devTrain, judge, deps);
  const baselineHoldout = await outcome(baselineGenerator, data.devHoldout, judge, deps);
  const optimizedHoldout = await outcome(optimizedGenerator, data.devHoldout, judge, deps);
  const comparison: GeneratorComparison = {
    metric: `the optimized judge's verdict (${deps.models.judge}) on each reply`,
    train: comparePrograms(passRecords(baselineTrain), passRecords(optimizedTrain), {
      seed: `${deps.seed}/compare-train`,
    }),
    holdout: comparePrograms(passRecords(baselineHoldout), passRecords(optimizedHoldout), {
      seed: `${deps.seed}/compare-holdout`,
    }),
    length: lengthSection(baselineHoldout, optimizedHoldout),
    cost: { baseline: baselineHoldout.spend, optimized: optimizedHoldout.spend },
  };
  const flips: FlipsSection["examples"] = [
    ...flipExamples(comparison.train, "train", data.devTrain, baselineTrain, optimizedTrain),
    ...flipExamples(comparison.holdout, "holdout", data.devHoldout, baselineHoldout, optimizedHoldout),
  ];
  return {
    comparison,
    optimization: search.summary,
    flips: { total: flips.length, examples: flips },
    baselineGenerator,
    optimizedGenerator,
    holdoutReplies: optimizedHoldout.replies,
  };
}

async function outcome(
  generator: Predict,
  items: readonly SampleConversation[],
  judge: ChainOfThought,
  deps: SampleDeps,
): Promise<Outcome> {
  const generated = await runGenerator(generator, items, deps.tally);
  const judged = items
    .filter((i) => generated.replies.has(i.id))
    .map((i) => ({ id: i.id, transcript: appendReply(i.transcript, generated.replies.get(i.id) ?? "") }));
  const before = deps.tally.spend;
  const judgements = await runJudge(judge, judged, deps.tally);
  const judgeSpend = difference(deps.tally.spend, before);
  return { replies: generated.replies, judgements, spend: addSpend(generated.spend, judgeSpend) };
}

function difference(after: Spend, before: Spend): Spend {
  return {
    calls: after.calls - before.calls,
    inputTokens: after.inputTokens - before.inputTokens,
    outputTokens: after.outputTokens - before.outputTokens,
    costUsd: after.costUsd === null || before.costUsd === null ? null : after.costUsd - before.costUsd,
  };
}

/** Generate-then-judge: the reply passes when the judge says the customer is satisfied. */
function judgeMetric(judge: ChainOfThought): Metric {
  return async (example, prediction, ctx) => {
    const transcript = appendReply(String(example.get("transcript")), String(prediction.get("reply") ?? ""));
    const verdict = await judge.call({ transcript }, { onCall: ctx.onCall, signal: ctx.signal });
    return verdict.get("satisfied") === true;
  };
}

function passRecords(result: Outcome) {
  return [...result.judgements.values()].map((j) => ({ id: j.id, pass: j.verdict }));
}

/** Baseline replies the judge passed, as bootstrapped demos: two sets of three. */
function passingDemoSets(items: readonly SampleConversation[], baseline: Outcome): Demo[][] {
  const demos = items.flatMap((item) => {
    const reply = baseline.replies.get(item.id);
    return reply !== undefined && baseline.judgements.get(item.id)?.verdict === true
      ? [{ transcript: item.transcript, reply }]
      : [];
  });
  return [demos.slice(0, 3), demos.slice(3, 6)];
}

function lengthSection(baseline: Outcome, optimized: Outcome): GeneratorComparison["length"] {
  const lengths = (result: Outcome) => [...result.replies.values()].map((reply) => responseLength(reply, "words"));
  const samples = [baseline, optimized].flatMap((result) =>
    [...result.judgements.values()].map((j) => ({ response: result.replies.get(j.id) ?? "", verdict: j.verdict })),
  );
  return {
    unit: "words",
    split: "holdout",
    baseline: lengthStats(lengths(baseline)),
    optimized: lengthStats(lengths(optimized)),
    bias: lengthBias(samples, { unit: "words", bins: 4 }),
  };
}

function lengthStats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? null
      : sorted.length % 2 === 1
        ? (sorted[middle] ?? 0)
        : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { mean: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length, median, values };
}

function flipExamples(
  comparison: GeneratorComparison["train"],
  split: "train" | "holdout",
  items: readonly SampleConversation[],
  baseline: Outcome,
  optimized: Outcome,
): FlipsSection["examples"] {
  const transcripts = new Map(items.map((i) => [i.id, i.transcript]));
  const side = (result: Outcome, id: string) => {
    const judgement = result.judgements.get(id);
    return {
      reply: result.replies.get(id) ?? "",
      verdict: judgement?.verdict ?? false,
      critique: judgement?.critique ?? null,
    };
  };
  const flip = (id: string, direction: "fail-to-pass" | "pass-to-fail") => ({
    id,
    split,
    direction,
    transcript: transcripts.get(id) ?? "",
    baseline: side(baseline, id),
    optimized: side(optimized, id),
  });
  return [
    ...comparison.flips.failToPass.map((id) => flip(id, "fail-to-pass")),
    ...comparison.flips.passToFail.map((id) => flip(id, "pass-to-fail")),
  ];
}
