import type { RunInput } from "./run-input.ts";
import type { MeterReading } from "./run-meter.ts";
import type { RunStop } from "./stage-context.ts";
import type { StageOutputs } from "./stage-outputs.ts";
import { type StageName, stageTitles } from "./stages.ts";
import {
  type DatasetData,
  type JudgeData,
  type OptionalPartName,
  type OverviewData,
  type PromptsData,
  type RunSummaryData,
  runSummaryFormat,
  type WarningData,
} from "./summary-types.ts";

export interface SummaryInput {
  runId: string;
  input: RunInput;
  outputs: StageOutputs;
  meter: MeterReading;
  startedAt: string;
  finishedAt: string;
  stop?: RunStop;
  prompts?: PromptsData;
}

/**
 * The run summary from the stages' outputs: every section whose stages ran, and for each one
 * that did not, the reason (the gate said no, the budget ran out, a stage failed).
 *
 * @example
 * const summary = assembleSummary({ runId, input, outputs, meter, startedAt, finishedAt });
 */
export function assembleSummary(args: SummaryInput): RunSummaryData {
  const { outputs } = args;
  const notRun: RunSummaryData["notRun"] = {};
  const reasonFor = (stage: StageName) => whyNotRun(args, stage);
  const summary: RunSummaryData = { format: runSummaryFormat, overview: overviewOf(args), notRun };
  const judge = judgeSection(outputs);
  if (judge) summary.judge = judge;
  else notRun.judge = reasonFor(outputs["judge-eval"] ? "judge-optimize" : "judge-eval");
  const judgeRun = outputs["judge-optimize"]?.optimization;
  const generatorRun = outputs["generator-optimize"]?.optimization;
  if (judgeRun || generatorRun) {
    summary.optimizer = { ...(judgeRun && { judge: judgeRun }), ...(generatorRun && { generator: generatorRun }) };
    if (!judgeRun) notRun["optimizer.judge"] = reasonFor("judge-optimize");
    if (!generatorRun) notRun["optimizer.generator"] = reasonFor("generator-optimize");
  } else {
    notRun.optimizer = reasonFor("judge-optimize");
  }
  const compared = outputs.compare;
  if (compared) {
    summary.generator = compared.generator;
    summary.flips = compared.flips;
    if (compared.goldSkipped !== undefined) notRun["generator.gold"] = compared.goldSkipped;
  } else {
    for (const part of ["generator", "flips"] as const) notRun[part] = reasonFor("compare");
  }
  if (args.prompts) summary.prompts = args.prompts;
  else notRun.prompts = reasonFor("judge-optimize");
  const warnings = runWarnings(args);
  if (warnings.length > 0) summary.warnings = warnings;
  return summary;
}

/** What the run did other than asked, e.g. a stability temperature the judge's provider dropped. */
function runWarnings(args: SummaryInput): WarningData[] {
  const stability = args.outputs["judge-eval"]?.stability;
  if (!stability?.fixedTemperature) return [];
  const model = args.input.models.judge;
  const message = `${model} takes no temperature: the stability repeats ran at the provider's fixed temperature, not the requested ${stability.temperature}`;
  return [{ code: "temperature_dropped", model, stage: "judge-eval", requested: stability.temperature, message }];
}

function judgeSection(outputs: StageOutputs): JudgeData | undefined {
  const baseline = outputs["judge-eval"];
  const optimized = outputs["judge-optimize"];
  const gate = outputs.gate;
  if (!baseline || !optimized || !gate) return undefined;
  return {
    train: { baseline: baseline.train, optimized: optimized.train },
    validation: { baseline: baseline.validation, optimized: optimized.validation },
    stability: {
      program: "baseline",
      split: "validation",
      temperature: baseline.stability.temperature,
      ...(baseline.stability.fixedTemperature && { fixedTemperature: true }),
      report: baseline.stability.report,
    },
    gate,
  };
}

function overviewOf(args: SummaryInput): OverviewData {
  const { input, outputs, meter } = args;
  const label = outputs.label;
  const durationMs = Math.max(0, Date.parse(args.finishedAt) - Date.parse(args.startedAt));
  const overview: OverviewData = {
    runId: args.runId,
    configName: input.config.name ?? input.configFile ?? "inline config",
    status: args.stop?.status ?? "completed",
    startedAt: args.startedAt,
    finishedAt: args.finishedAt,
    durationMs: Number.isFinite(durationMs) ? durationMs : null,
    simulated: Object.values(input.models).some((model) => model.startsWith("sim/")),
    models: {
      generator: input.models.generator,
      judge: input.models.judge,
      gold: input.config.labels.source === "gold" ? input.models.gold : null,
      proposer: input.models.proposer,
    },
    labels: {
      source: input.config.labels.source === "sme" ? "sme" : "gold-model",
      count: label?.stats.total ?? 0,
      satisfied: label?.stats.satisfied ?? 0,
      ...(label?.smeAgreement && { smeAgreement: label.smeAgreement }),
    },
    datasets: datasetsOf(outputs),
    spend: {
      calls: meter.calls,
      inputTokens: meter.inputTokens,
      outputTokens: meter.outputTokens,
      costUsd: meter.costUsd,
      capUsd: input.config.budget.capUsd ?? null,
    },
  };
  if (args.stop) overview.statusReason = args.stop.reason;
  if (input.budgetFit) overview.budgetFit = input.budgetFit;
  return overview;
}

function datasetsOf(outputs: StageOutputs): DatasetData[] {
  const synthesized = outputs.prepare?.synthesized;
  const prepared = [...(synthesized ? [synthesized] : []), ...Object.values(outputs.prepare?.datasets ?? {})];
  const later = [outputs.generate?.dataset, outputs.label?.dataset].filter((d) => d !== undefined);
  return [...prepared, ...later];
}

function whyNotRun(args: SummaryInput, stage: StageName): string {
  const gate = args.outputs.gate;
  if (gate && !gate.allowed && (stage === "generator-optimize" || stage === "compare")) {
    return "the judge did not pass the gate (see judge.gate.reason)";
  }
  if (args.stop) return `the run ${args.stop.status} before "${stageTitles[stage]}": ${args.stop.reason}`;
  return `the stage "${stageTitles[stage]}" did not run`;
}

/** Part names the summary may leave out, for callers that list them. */
export const summaryParts: readonly OptionalPartName[] = [
  "judge",
  "optimizer",
  "optimizer.judge",
  "optimizer.generator",
  "generator",
  "generator.gold",
  "flips",
  "prompts",
];
