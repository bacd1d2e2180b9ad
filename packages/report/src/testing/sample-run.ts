import { appendReply, type LM, type Predict } from "@judgeloop/core";
import { type RunSummary, runSummaryFormat } from "../summary.ts";
import { bundledConversations, datasetRows, prepareSampleData, type SampleData } from "./sample-data.ts";
import { runGeneratorStage } from "./sample-generator.ts";
import { type JudgeStage, runJudgeStage, type SampleDeps, type SampleModels } from "./sample-judge.ts";
import { SpendTally } from "./sample-programs.ts";

export interface SampleRunOptions {
  /** Builds the LM for a `provider/model` string (the simulator, with prices). */
  lm: (model: string) => LM;
  /** Conversations file; default the bundled airline data. */
  file?: string;
  seed?: string;
  gateThreshold?: number;
  /** Milliseconds clock for the run's duration; default `performance.now`. */
  clock?: () => number;
}

/** The sample's model per role: a middling generator and judge, a gold model and a strong proposer. */
export const sampleModels: SampleModels = {
  generator: "sim/medium",
  judge: "sim/judge",
  gold: "sim/gold",
  proposer: "sim/strong",
};

const startedAt = "2025-06-01T09:00:00.000Z";
const sizes = { sample: 140, judgeSet: 70, judgeValidation: 35, devHoldout: 35 };

/**
 * Runs the pipeline's steps on real core pieces (prepare, modules, evaluate, metrics) with the
 * given LMs, and returns the RunSummary the report renders. With the simulator every number is
 * a true simulated result, not an invented one.
 *
 * @example
 * const summary = await runSampleSummary({ lm: (model) => withCost(new SimLM(model)) });
 */
export async function runSampleSummary(options: SampleRunOptions): Promise<RunSummary> {
  const clock = options.clock ?? (() => performance.now());
  const began = clock();
  const tally = new SpendTally();
  const deps: SampleDeps = {
    lm: options.lm,
    models: sampleModels,
    tally,
    seed: options.seed ?? "sample",
    gateThreshold: options.gateThreshold ?? 0.3,
  };
  const data = await prepareSampleData(options.file ?? bundledConversations, sizes, 7);
  const judge = await runJudgeStage(data, deps);
  const generator = judge.alignment.gate.allowed
    ? await runGeneratorStage(data, judge.optimizedJudge, deps)
    : undefined;
  const durationMs = Math.round(clock() - began);
  const summary: RunSummary = {
    format: runSummaryFormat,
    overview: overviewOf(deps, data, judge, durationMs, generator !== undefined),
    judge: judge.alignment,
    optimizer: { judge: judge.optimization, ...(generator && { generator: generator.optimization }) },
    notRun: {},
  };
  if (generator === undefined) {
    const reason = "the judge did not pass the gate";
    return { ...summary, notRun: { "optimizer.generator": reason, generator: reason, flips: reason, prompts: reason } };
  }
  return {
    ...summary,
    generator: generator.comparison,
    flips: generator.flips,
    prompts: promptsFor(data, generator.holdoutReplies, {
      generator: [generator.baselineGenerator, generator.optimizedGenerator],
      judge: [judge.baselineJudge, judge.optimizedJudge],
    }),
  };
}

function overviewOf(
  deps: SampleDeps,
  data: SampleData,
  judge: JudgeStage,
  durationMs: number,
  completed: boolean,
): RunSummary["overview"] {
  return {
    runId: `sample-${deps.seed}`,
    configName: "airline-support (sample)",
    status: completed ? "completed" : "stopped",
    ...(completed ? {} : { statusReason: "the judge did not pass the gate" }),
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + durationMs).toISOString(),
    durationMs,
    simulated: true,
    models: { ...sampleModels },
    labels: { source: "gold-model", ...judge.labels },
    datasets: datasetRows(data.datasets),
    spend: { ...deps.tally.spend, capUsd: 2.5 },
  };
}

type PredictorPair = readonly [baseline: Predict, optimized: Predict];

/** Each predictor's messages for the first holdout conversation, rendered by its own adapter. */
function promptsFor(
  data: SampleData,
  replies: ReadonlyMap<string, string>,
  pairs: { generator: PredictorPair; judge: PredictorPair },
): RunSummary["prompts"] {
  const example = data.devHoldout.find((item) => replies.has(item.id)) ?? data.devHoldout[0];
  if (example === undefined) return undefined;
  const judged = appendReply(example.transcript, replies.get(example.id) ?? "");
  const render = (predictor: Predict, transcript: string) => ({
    instructions: predictor.signature.instructions,
    messages: predictor.adapter.format(predictor.signature, predictor.demos, { transcript }),
  });
  return {
    exampleId: example.id,
    predictors: [
      {
        name: "generator",
        role: "generator",
        model: sampleModels.generator,
        baseline: render(pairs.generator[0], example.transcript),
        optimized: render(pairs.generator[1], example.transcript),
      },
      {
        name: "judge",
        role: "judge",
        model: sampleModels.judge,
        baseline: render(pairs.judge[0], judged),
        optimized: render(pairs.judge[1], judged),
      },
    ],
  };
}
