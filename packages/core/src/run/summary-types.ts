import type { AnnotatorAgreement } from "../labeling/sme-agreement.ts";
import type { Message } from "../lm/types.ts";
import type { AgreementReport } from "../metrics/agreement.ts";
import type { BootstrapInterval, Estimate } from "../metrics/intervals.ts";
import type { LengthBiasReport, LengthUnit } from "../metrics/length-bias.ts";
import type { PairedComparison } from "../metrics/paired.ts";
import type { StabilityReport } from "../metrics/stability.ts";
import type { BudgetFit } from "./fit-budget.ts";

// The run summary as the pipeline assembles it. These types mirror @judgeloop/report's strict
// RunSummary schema field for field (core cannot import the report package); the report
// validates the assembled document before it renders anything.

/**
 * The format tag of a run summary (the report package checks the same one).
 *
 * @example
 * const summary: RunSummaryData = { format: runSummaryFormat, overview, notRun: {} };
 */
export const runSummaryFormat = "judgeloop.run-summary/1";

/** Tokens, calls and money spent by some part of the run; cost is null when a price is unknown. */
export interface SpendData {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface DatasetData {
  name: string;
  id: string;
  size: number;
  lineage: { parent: string | null; transform: string; seed: string | number | null; params?: Record<string, unknown> };
}

export type SummaryStatus = "completed" | "stopped" | "failed" | "cancelled" | "running";

export interface OverviewData {
  runId: string;
  configName: string;
  status: SummaryStatus;
  statusReason?: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  simulated: boolean;
  models: { generator: string; judge: string; gold: string | null; proposer: string | null };
  labels: { source: "sme" | "gold-model"; count: number; satisfied: number; smeAgreement?: SmeAgreementData };
  datasets: DatasetData[];
  spend: SpendData & { capUsd: number | null };
  /** What `budget.fitBudget` scaled so the run's upper bound fit its cap. */
  budgetFit?: BudgetFit;
}

/**
 * Agreement between the SMEs whose labels the run read (a label file with an `annotator` column
 * and two or more annotators): Cohen's kappa with a bootstrap interval for every pair, on the
 * conversations both labelled. The ceiling a judge can be expected to reach.
 */
export interface SmeAgreementData {
  /** Every annotator in the file, sorted. */
  annotators: string[];
  /** Conversations labelled by two or more annotators. */
  sharedItems: number;
  pairs: AnnotatorAgreement[];
}

export interface GateData {
  passed: boolean;
  forced: boolean;
  allowed: boolean;
  threshold: number;
  kappaLower: number | null;
  reason: string;
}

export interface JudgeData {
  train: { baseline: AgreementReport; optimized: AgreementReport };
  validation: { baseline: AgreementReport; optimized: AgreementReport };
  stability: {
    program: "baseline" | "optimized";
    split: "train" | "validation";
    temperature: number | null;
    /** True when the judge's model takes no temperature: the repeats ran at the provider's fixed one. */
    fixedTemperature?: boolean;
    report: StabilityReport;
  };
  gate: GateData;
}

export interface TrialData {
  index: number;
  kind: "minibatch" | "full";
  n: number;
  score: number | null;
  instructionIndex: number | null;
  demoSetIndex: number | null;
  bestSoFar: number | null;
}

export type DemoValue = string | number | boolean | null | readonly string[];

export interface OptimizationData {
  optimizer: string;
  metric: string;
  trainSize: number;
  baselineScore: number | null;
  bestScore: number | null;
  trials: TrialData[];
  instructions: { index: number; text: string; score: number | null; trials: number }[];
  chosen: { instructionIndex: number | null; demoSetIndex: number | null };
  demos: { predictor: string; fields: Record<string, DemoValue> }[];
  /** GEPA runs only: the pool, its Pareto frontier and what each reflection read and wrote. */
  gepa?: GepaSummaryData;
}

/** What the report shows of a GEPA run. */
export interface GepaSummaryData {
  metricCalls: number;
  maxMetricCalls: number;
  /** Pareto-set examples. */
  paretoSize: number;
  /** Mean over the Pareto set of the best score any candidate reached (the frontier's score). */
  frontierScore: number | null;
  candidates: {
    id: string;
    origin: "baseline" | "reflection" | "merge";
    parents: string[];
    score: number | null;
    /** Pareto-set examples on which it has the best score. */
    leads: number;
    onFrontier: boolean;
    instruction: string;
  }[];
  reflections: {
    iteration: number;
    parent: string;
    predictor: string;
    outcome: string;
    parentScore: number | null;
    childScore: number | null;
    /** The feedback lines the reflection read, one per minibatch example. */
    feedback: string[];
    instruction: string | null;
    candidate: string | null;
  }[];
  merges: { iteration: number; parents: string[]; outcome: string; candidate: string | null }[];
  /** The pick and the baseline re-measured on the confirmation split. */
  confirm: { n: number; baselineScore: number | null; bestScore: number | null } | null;
  /** Infrastructure errors excluded from selection, by kind. */
  excludedErrors: Record<string, number>;
}

export interface LengthsData {
  mean: number | null;
  median: number | null;
  values: number[];
}

export interface GeneratorData {
  metric: string;
  train: PairedComparison;
  holdout: PairedComparison;
  length: {
    unit: LengthUnit;
    split: "train" | "holdout";
    baseline: LengthsData;
    optimized: LengthsData;
    bias: LengthBiasReport;
  };
  cost: { baseline: SpendData; optimized: SpendData } | null;
  /** The holdout replies scored by gold too (absent when no gold verdict could be had). */
  gold?: GoldCheckData;
  /** Gold critiques of the holdout replies gold failed, grouped into named modes by one proposer call. */
  failureModes?: FailureModesData;
}

/** One named failure mode: how many failing replies of each program it covers. */
export interface FailureModeData {
  name: string;
  description: string;
  baseline: number;
  optimized: number;
  /** Up to 5 example ids of its replies. */
  exampleIds: string[];
}

/**
 * Failure modes of the replies gold failed (generator holdout). `failing` counts the critiques
 * grouped, so each side's mode counts sum to it; `notRun` says why there are no modes.
 */
export interface FailureModesData {
  modes: FailureModeData[];
  failing: { baseline: number; optimized: number };
  /** True when the grouping call was answered by the simulator. */
  simulated: boolean;
  /** The model that grouped the critiques. */
  model?: string;
  notRun?: string;
}

/** A gold verdict on one reply: from the gold model, or an SME label matched by id and reply hash. */
export interface GoldVerdictData {
  verdict: boolean;
  critique: string | null;
  source: "model" | "sme";
}

/** An optimized holdout reply on which the judge and gold disagree. */
export interface GoldDisagreementData {
  id: string;
  direction: "judge-pass-gold-fail" | "judge-fail-gold-pass";
  /** The optimized reply's length, and the baseline reply's on the same example (null when it has none). */
  length: number;
  baselineLength: number | null;
  reply: string;
  judgeCritique: string | null;
  goldCritique: string | null;
}

/**
 * The optimized judge against gold on the generator's holdout: does the generator's gain on its
 * judge hold up under gold, or did it learn to please the judge (longer, politer, no more useful)?
 */
export interface GoldCheckData {
  /** The gold model (null when only SME labels were used) and how many verdicts came from each. */
  labeller: { model: string | null; smeLabels: number; modelLabels: number };
  split: "holdout";
  /** Gold pass rates, baseline vs optimized, on the examples with judge and gold verdicts for both. */
  gold: PairedComparison;
  /** The judge's pass rates on those same examples. */
  judge: PairedComparison;
  /** Judge gain minus gold gain, paired bootstrap interval; above 0: the judge credits more than gold. */
  gainGap: Estimate<BootstrapInterval>;
  /** The judge's verdicts against gold on each program's replies. */
  agreement: { baseline: AgreementReport; optimized: AgreementReport };
  /** Optimized replies the two disagree on; `examples` is capped, the counts are not. */
  disagreements: {
    total: number;
    judgePassGoldFail: number;
    judgeFailGoldPass: number;
    examples: GoldDisagreementData[];
  };
  /**
   * Length against verdict, the judge's beside gold's: on the optimized replies, and on both
   * programs' replies together (where a generator that only got longer shows most).
   */
  length: {
    unit: LengthUnit;
    optimized: { judge: LengthBiasReport; gold: LengthBiasReport };
    both: { judge: LengthBiasReport; gold: LengthBiasReport };
  };
  /** "Optimized replies gained +X pp on the judge and +Y pp on gold: …". */
  verdict: string;
}

export interface VerdictData {
  reply: string;
  verdict: boolean;
  critique: string | null;
}

export interface FlipData {
  id: string;
  split: "train" | "holdout";
  direction: "fail-to-pass" | "pass-to-fail";
  transcript: string;
  baseline: VerdictData;
  optimized: VerdictData;
}

export interface FlipsData {
  total: number;
  examples: FlipData[];
}

export interface RenderedData {
  instructions: string;
  messages: Message[];
}

export interface PromptsData {
  exampleId: string;
  predictors: {
    name: string;
    role: "generator" | "judge";
    model: string;
    baseline: RenderedData;
    optimized: RenderedData;
  }[];
}

export type OptionalPartName =
  | "judge"
  | "optimizer"
  | "optimizer.judge"
  | "optimizer.generator"
  | "generator"
  | "generator.gold"
  | "flips"
  | "prompts";

/** Every number the run report shows (the report package's RunSummary). */
/**
 * Something the run did other than asked: `temperature_dropped` when a stage requested a
 * temperature that the model's provider does not take (it answered at its fixed temperature).
 */
export interface WarningData {
  code: "temperature_dropped";
  model: string;
  stage: string;
  requested: number;
  message: string;
}

export interface RunSummaryData {
  format: typeof runSummaryFormat;
  overview: OverviewData;
  judge?: JudgeData;
  optimizer?: { judge?: OptimizationData; generator?: OptimizationData };
  generator?: GeneratorData;
  flips?: FlipsData;
  prompts?: PromptsData;
  warnings?: WarningData[];
  notRun: Partial<Record<OptionalPartName, string>>;
}
