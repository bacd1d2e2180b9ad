import { estimateWorkload, type WorkloadItem } from "../lm/estimate.ts";
import { countMessageTokens } from "../lm/tokens.ts";
import { predictorFromState } from "../module/predictor-state.ts";
import type { ProgramState } from "../module/state.ts";
import { demoSetKinds } from "./demo-set-kinds.ts";
import type { ExampleData } from "./example-data.ts";
import type { EstimateOptions, EstimatePart, MiproConfig, MiproEstimate } from "./plan-types.ts";

export interface EstimateInput {
  baseline: ProgramState;
  trainset: readonly ExampleData[];
  valset: readonly ExampleData[];
  /** Examples of the confirmation split (the pick and the baseline each run on them once). */
  confirmSize?: number;
  options: EstimateOptions;
}

const defaultOutputTokens = 150;
/** The proposer's own instructions, field descriptions and program description, roughly. */
const proposalOverheadTokens = 800;
const unknownModel = "unknown/unknown";

/**
 * The most calls, tokens and dollars a plan can use, before anything runs: bootstrap traces
 * (assuming half of them pass), one summary and the proposals, then the baseline's full
 * evaluation, every trial, every scheduled full evaluation and the confirmation of the pick and
 * the baseline. Prompt sizes come from rendering
 * each predictor with a full set of demos from the trainset.
 *
 * @example
 * estimateMipro(config, { baseline, trainset, valset, options: { proposerModel: "sim/strong" } }).calls;
 */
export function estimateMipro(config: MiproConfig, input: EstimateInput): MiproEstimate {
  const out = input.options.outputTokensPerCall ?? defaultOutputTokens;
  const predictors = predictorPrompts(config, input);
  const metricCalls = input.options.metricCallsPerExample ?? 0;
  const meanPrompt = predictors.reduce((sum, p) => sum + p.inputTokens, 0) / Math.max(1, predictors.length);
  const perExample = (examples: number): WorkloadItem[] => [
    ...predictors.map((p) => item(p.model, examples, p.inputTokens, out)),
    item(input.options.metricModel ?? unknownModel, examples * metricCalls, meanPrompt, out),
  ];
  const exampleTokens = meanInputTokens(input.trainset);
  const proposer = input.options.proposerModel ?? unknownModel;
  const proposalPrompt = proposalOverheadTokens + config.demosInContext * (meanPrompt / 2 + out);
  const parts = {
    bootstrap: perExample(tracesFor(config, input.trainset.length)),
    proposals: [
      item(proposer, 1, proposalOverheadTokens + config.viewDataBatchSize * exampleTokens, out),
      item(proposer, predictors.length * (config.numInstructionCandidates - 1), proposalPrompt, out),
    ],
    evaluation: perExample(evaluatedExamples(config, input.valset.length) + 2 * (input.confirmSize ?? 0)),
  };
  const items = [...parts.bootstrap, ...parts.proposals, ...parts.evaluation].filter((i) => i.calls > 0);
  const total = estimateWorkload(items, input.options.prices);
  return {
    calls: total.calls,
    inputTokens: total.inputTokens,
    outputTokens: total.outputTokens,
    costUsd: total.costUsd,
    unpricedModels: total.unpricedModels,
    bootstrap: sumPart(parts.bootstrap),
    proposals: sumPart(parts.proposals),
    evaluation: sumPart(parts.evaluation),
  };
}

/**
 * Valset examples a plan evaluates: the baseline once, every trial, and the full evaluations
 * scheduled every `fullEvalPeriod` trials plus one at the end.
 *
 * @example
 * evaluatedExamples({ ...config, numTrials: 10, minibatch: true, minibatchSize: 35, fullEvalPeriod: 5 }, 100); // 750
 */
export function evaluatedExamples(config: MiproConfig, valsetSize: number): number {
  if (!config.minibatch) return valsetSize * (1 + config.numTrials);
  const fullEvals = Math.floor(config.numTrials / config.fullEvalPeriod) + 1;
  return valsetSize + config.numTrials * config.minibatchSize + fullEvals * valsetSize;
}

function tracesFor(config: MiproConfig, trainSize: number): number {
  const bootstrapped = demoSetKinds(config).filter((k) => k === "unshuffled" || k === "shuffled").length;
  return Math.min(trainSize * config.maxRounds, 2 * config.maxBootstrappedDemos * bootstrapped);
}

function predictorPrompts(config: MiproConfig, input: EstimateInput) {
  const demoCount = Math.max(config.maxBootstrappedDemos, config.maxLabeledDemos);
  const demos = input.trainset.slice(0, demoCount).map((e) => ({ ...e.values }));
  const sample = input.trainset[0]?.values ?? {};
  return Object.values(input.baseline.predictors).map((state) => {
    const predictor = predictorFromState(state);
    const inputs = Object.fromEntries(predictor.signature.inputs.map((f) => [f.name, sample[f.name] ?? ""]));
    const messages = predictor.adapter.format(predictor.signature, demos, inputs);
    return { model: state.lm ?? input.options.taskModel ?? unknownModel, inputTokens: countMessageTokens(messages) };
  });
}

function meanInputTokens(examples: readonly ExampleData[]): number {
  const sample = examples.slice(0, 20);
  if (sample.length === 0) return 0;
  const tokens = sample.map((e) => countMessageTokens([{ role: "user", content: JSON.stringify(inputsOf(e)) }]));
  return tokens.reduce((a, b) => a + b, 0) / sample.length;
}

function inputsOf(example: ExampleData): Record<string, unknown> {
  return Object.fromEntries(example.inputs.map((key) => [key, example.values[key]]));
}

function item(model: string, calls: number, inputTokensPerCall: number, outputTokensPerCall: number): WorkloadItem {
  return { model, calls, inputTokensPerCall: Math.ceil(inputTokensPerCall), outputTokensPerCall };
}

function sumPart(items: readonly WorkloadItem[]): EstimatePart {
  return items.reduce(
    (sum, i) => ({
      calls: sum.calls + i.calls,
      inputTokens: sum.inputTokens + i.calls * i.inputTokensPerCall,
      outputTokens: sum.outputTokens + i.calls * i.outputTokensPerCall,
    }),
    { calls: 0, inputTokens: 0, outputTokens: 0 },
  );
}
