import { JSONAdapter } from "../adapter/json-adapter.ts";
import { appendReply } from "../data/conversation.ts";
import { createGoldJudge } from "../data/gold-judge.ts";
import type { Row } from "../data/parsed-rows.ts";
import type { PreparedDatasets } from "../data/prepare.ts";
import { customerStyles, synthesisCallTokens } from "../data/synthesis-plan.ts";
import { estimateWorkload } from "../lm/estimate.ts";
import { defaultPrices, type PriceTable } from "../lm/prices.ts";
import { countMessageTokens } from "../lm/tokens.ts";
import type { Predict } from "../module/predict.ts";
import type { Program } from "../module/program.ts";
import { datasetToData } from "../optimize/example-data.ts";
import { planGepa } from "../optimize/gepa-plan.ts";
import { type MiproPlanInput, planMipro } from "../optimize/plan.ts";
import type { MiproOptions } from "../optimize/plan-types.ts";
import { gepaOptionsFrom } from "./optimizer-options.ts";
import { baselineGenerator, baselineJudge, generatorInput, judgeInput } from "./programs.ts";
import type { OptimizerSettings } from "./run-config.ts";
import type { RunInput } from "./run-input.ts";
import { examplesOf } from "./stage-data.ts";
import { type StageName, stageNames } from "./stages.ts";

/** One stage's share of a planned run. */
export interface RunEstimatePart {
  stage: StageName;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Undefined when a model's price is unknown. */
  costUsd: number | undefined;
}

export interface RunEstimate {
  parts: RunEstimatePart[];
  total: {
    calls: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number | undefined;
    unpricedModels: string[];
  };
  simulated: boolean;
}

/** Output tokens assumed per call of each kind (a generous bound for short replies and verdicts). */
const outputTokens = { generator: 120, judge: 80, gold: 160 };
/** A typical support reply stands in for replies that do not exist before the run. */
const placeholderReply =
  "We're sorry to hear about the trouble with your booking. Please DM us your confirmation number and we'll look into it right away.";

/**
 * The work a pipeline run plans, before any call: every stage's calls, tokens and dollars from
 * the prepared datasets, the rendered baseline prompts and the optimizers' own plans (already
 * shrunk to fit the budget). Optimizer parts are upper bounds; cached answers cost nothing.
 *
 * @example
 * const estimate = estimateRun({ input, datasets, prices });
 * estimate.total.costUsd;
 */
export function estimateRun(args: { input: RunInput; datasets: PreparedDatasets; prices?: PriceTable }): RunEstimate {
  const { input, datasets } = args;
  const prices = args.prices ?? defaultPrices;
  const { config, models } = input;
  const judgeRows = datasets.judge.rows;
  const generatorTokens = meanPromptTokens(baselineGenerator(), generatorRows(judgeRows));
  const judgeTokens = meanPromptTokens(baselineJudge(), transcriptRows(judgeRows));
  const goldTokens = meanPromptTokens(createGoldJudge(), transcriptRows(judgeRows));
  const stability =
    config.stability.repeats * Math.min(datasets.judgeValidation.rows.length, config.stability.examples || Infinity);
  const trainRows = Math.min(datasets.devTrain.rows.length, config.compare?.trainSample ?? Infinity);
  const devRows = trainRows + datasets.devHoldout.rows.length;
  const plans = optimizerPlanInputs(input, datasets);
  const part = (stage: StageName, model: string, calls: number, tokensIn: number, tokensOut: number) =>
    priced(
      { stage, model, calls, inputTokens: Math.round(calls * tokensIn), outputTokens: calls * tokensOut, costUsd: 0 },
      prices,
    );
  const allParts = [
    ...synthesisParts(input, datasets, prices),
    part("generate", models.generator, judgeRows.length, generatorTokens, outputTokens.generator),
    ...(config.labels.source === "gold"
      ? [part("label", models.gold, judgeRows.length, goldTokens, outputTokens.gold)]
      : []),
    part("judge-eval", models.judge, judgeRows.length + stability, judgeTokens, outputTokens.judge),
    optimizerPart("judge-optimize", plans.judge, config.optimizer.judge, prices),
    part("judge-optimize", models.judge, judgeRows.length, judgeTokens, outputTokens.judge),
    optimizerPart("generator-optimize", plans.generator, config.optimizer.generator, prices),
    part("compare", models.generator, 2 * devRows, generatorTokens, outputTokens.generator),
    part("compare", models.judge, 2 * devRows, judgeTokens, outputTokens.judge),
    // The gold check: the gold model labels both programs' holdout replies (see compare-gold.ts).
    ...(config.labels.source === "gold"
      ? [part("compare", models.gold, 2 * datasets.devHoldout.rows.length, goldTokens, outputTokens.gold)]
      : []),
    // The failure-mode grouping: one proposer call over gold's critiques (see failure-modes.ts).
    ...(config.labels.source === "gold"
      ? [part("compare", models.proposer, 1, ...failureModeTokens(2 * datasets.devHoldout.rows.length))]
      : []),
  ];
  // A run that ends early (`endAfter`) makes no call of the stages after its last one.
  const last = input.endAfter === undefined ? stageNames.length - 1 : stageNames.indexOf(input.endAfter);
  const parts = allParts.filter((p) => stageNames.indexOf(p.stage) <= last);
  const workload = estimateWorkload(
    parts.map((p) => ({
      model: p.model,
      calls: p.calls,
      inputTokensPerCall: p.calls === 0 ? 0 : p.inputTokens / p.calls,
      outputTokensPerCall: p.calls === 0 ? 0 : p.outputTokens / p.calls,
    })),
    prices,
  );
  const costs = parts.map((p) => p.costUsd);
  const total = {
    calls: parts.reduce((sum, p) => sum + p.calls, 0),
    inputTokens: parts.reduce((sum, p) => sum + p.inputTokens, 0),
    outputTokens: parts.reduce((sum, p) => sum + p.outputTokens, 0),
    costUsd: costs.some((c) => c === undefined) ? undefined : costs.reduce<number>((sum, c) => sum + (c ?? 0), 0),
    unpricedModels: workload.unpricedModels,
  };
  return { parts, total, simulated: Object.values(models).every((m) => m.startsWith("sim/")) };
}

/**
 * Input and output tokens of the failure-mode call, as an upper bound: every holdout reply of both
 * programs failing, each critique as long as a gold answer, each id named once in the answer.
 */
function failureModeTokens(replies: number): [number, number] {
  const instructions = 120;
  const perIdInAnswer = 8;
  const modeNames = 200;
  return [instructions + replies * outputTokens.gold, modeNames + replies * perIdInAnswer];
}

/**
 * With `data.synthesize`, the prepare stage's calls: every conversation at its maximum attempts,
 * prompts rendered from the stand-in rows (synthesisStandIns) the datasets were prepared from.
 */
function synthesisParts(input: RunInput, datasets: PreparedDatasets, prices: PriceTable): RunEstimatePart[] {
  const synthesize = input.config.data.synthesize;
  if (synthesize === undefined) return [];
  const rows = datasets.imported.rows;
  const slots = rows.map((row, index) => ({
    index,
    seed: { id: String(row.conversation_id), question: String(row.seed_question ?? "") },
    company: String(row.company ?? ""),
    turnCount: synthesize.turns.max,
    customerStyle: customerStyles[0],
  }));
  const tokens = synthesisCallTokens(slots, synthesize.turns);
  const model = synthesisModelOf(input);
  const calls = synthesize.n * synthesize.maxAttempts;
  const part = {
    stage: "prepare" as const,
    model,
    calls,
    inputTokens: calls * tokens.inputTokensPerCall,
    outputTokens: calls * tokens.outputTokensPerCall,
    costUsd: 0,
  };
  return [priced(part, prices)];
}

/**
 * The model `data.synthesize` runs on: its own `model`, else the generator's; the generator's
 * when the simulator stands in for every model and the configured one is real.
 *
 * @example
 * synthesisModelOf(input); // "sim/generator" without provider keys
 */
export function synthesisModelOf(input: RunInput): string {
  const configured = input.config.data.synthesize?.model;
  if (configured === undefined) return input.models.generator;
  return input.simulatedFallback && !configured.startsWith("sim/") ? input.models.generator : configured;
}

function priced(part: RunEstimatePart, prices: PriceTable): RunEstimatePart {
  const perCall = (tokens: number) => (part.calls === 0 ? 0 : tokens / part.calls);
  const { costUsd } = estimateWorkload(
    {
      model: part.model,
      calls: part.calls,
      inputTokensPerCall: perCall(part.inputTokens),
      outputTokensPerCall: perCall(part.outputTokens),
    },
    prices,
  );
  return { ...part, costUsd };
}

/**
 * What each of the run's optimizations plans from: its baseline program, trainset and MIPRO
 * options (the config's sizes and the run's budget), as the stages will give them.
 *
 * @example
 * const sizes = planMipro(optimizerPlanInputs(input, datasets).judge).plan.config;
 */
export function optimizerPlanInputs(
  input: RunInput,
  datasets: PreparedDatasets,
): Record<"judge" | "generator", MiproPlanInput & { options: MiproOptions }> {
  const { config, models } = input;
  return {
    judge: {
      program: baselineJudge().toState(),
      trainset: datasetToData(
        examplesOf(transcriptRows(datasets.judgeTrain.rows), { [judgeInput]: judgeInput }, ["satisfied"]),
      ),
      options: optionsFor(input, config.optimizer.judge, models.judge),
    },
    generator: {
      program: baselineGenerator().toState(),
      trainset: datasetToData(examplesOf(datasets.devTrain.rows, { [generatorInput]: generatorInput })),
      options: optionsFor(input, config.optimizer.generator, models.generator, models.judge),
    },
  };
}

/**
 * One optimization's upper bound. MIPRO's plan prices itself. GEPA's plan counts calls only
 * (metric calls, reflections, confirmation): they are priced at the mean tokens per call of
 * MIPRO's plan for the same program, examples and models, whose calls are the same kinds
 * (program + metric calls and instruction proposals), scaled by the price of a MIPRO call.
 */
function optimizerPart(
  stage: StageName,
  plan: MiproPlanInput & { options: MiproOptions },
  settings: OptimizerSettings,
  prices: PriceTable,
): RunEstimatePart {
  const { options } = plan;
  const state = planMipro({ ...plan, options: { ...options, estimate: { ...options.estimate, prices } } });
  const { estimate } = state.plan;
  const model = [options.estimate?.taskModel, options.estimate?.proposerModel, options.estimate?.metricModel]
    .filter((m) => m !== undefined)
    .join(" + ");
  const mipro = {
    stage,
    model,
    calls: estimate.calls,
    inputTokens: estimate.inputTokens,
    outputTokens: estimate.outputTokens,
    costUsd: estimate.costUsd,
  };
  if (settings.kind !== "gepa" || estimate.calls === 0) return mipro;
  const calls = planGepa({
    program: plan.program,
    trainset: plan.trainset,
    options: gepaOptionsFrom(settings, options),
  }).plan.estimatedCalls;
  const scale = calls / estimate.calls;
  return {
    stage,
    model,
    calls,
    inputTokens: Math.round(estimate.inputTokens * scale),
    outputTokens: Math.round(estimate.outputTokens * scale),
    costUsd: estimate.costUsd === undefined ? undefined : estimate.costUsd * scale,
  };
}

function optionsFor(
  input: RunInput,
  settings: OptimizerSettings,
  taskModel: string,
  metricModel?: string,
): MiproOptions {
  const { kind: _kind, maxMetricCalls: _maxMetricCalls, ...sizes } = settings;
  const explicit = Object.fromEntries(Object.entries(sizes).filter(([, v]) => v !== undefined)) as MiproOptions;
  const { capUsd, maxCalls } = input.config.budget;
  const budget = { ...(capUsd !== undefined && { capUsd }), ...(maxCalls !== undefined && { maxCalls }) };
  return {
    ...explicit,
    seed: settings.seed ?? input.config.prepare.seed,
    ...(Object.keys(budget).length > 0 && { budget }),
    estimate: {
      taskModel,
      proposerModel: input.models.proposer,
      ...(metricModel !== undefined && { metricModel, metricCallsPerExample: 1 }),
    },
  };
}

function generatorRows(rows: readonly Row[]): Row[] {
  return rows.map((row) => ({ ...row }));
}

/** Rows whose `transcript` is the conversation with a placeholder reply, as judges will see it. */
function transcriptRows(rows: readonly Row[]): Row[] {
  return rows.map((row) => ({
    ...row,
    [judgeInput]: appendReply(String(row[generatorInput] ?? ""), placeholderReply),
  }));
}

function meanPromptTokens(program: Program | Predict, rows: readonly Row[]): number {
  const [, predictor] = "namedPredictors" in program ? (program.namedPredictors()[0] ?? []) : ["", program];
  if (!predictor || rows.length === 0) return 0;
  const adapter = new JSONAdapter();
  const sample = rows.slice(0, 50);
  const total = sample.reduce((sum, row) => {
    const inputs = Object.fromEntries(predictor.signature.inputs.map((f) => [f.name, row[f.name] ?? ""]));
    return sum + countMessageTokens(adapter.format(predictor.signature, predictor.demos, inputs));
  }, 0);
  return total / sample.length;
}
