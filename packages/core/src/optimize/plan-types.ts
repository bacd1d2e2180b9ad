import type { PriceTable } from "../lm/prices.ts";

export type AutoPreset = "light" | "medium" | "heavy";

/** Settings of the TPE sampler (see tpe.ts). */
export interface TpeSettings {
  /** Trials suggested at random before the model is used. */
  startupTrials: number;
  /** Share of observed trials counted as good. */
  gamma: number;
  /** Candidates drawn from the good density per suggestion. */
  candidates: number;
  /** Weight of the uniform prior in both densities. */
  priorWeight: number;
}

/** The resolved numbers a run follows (after presets, explicit options and budget fitting). */
export interface MiproConfig {
  auto: AutoPreset | null;
  seed: string | number;
  numTrials: number;
  numInstructionCandidates: number;
  numDemoCandidates: number;
  /** False: every trial evaluates the whole valset. */
  minibatch: boolean;
  minibatchSize: number;
  fullEvalPeriod: number;
  /**
   * Which combination a scheduled full evaluation takes: `model` (default), the best the additive
   * model rates among all not yet fully evaluated; `tried`, DSPy's rule, the best mean minibatch
   * score (repeats averaged) among the combinations actually tried.
   */
  fullEvalPick: "model" | "tried";
  /**
   * Who runs the bootstrap traces: `baseline` (default), the baseline program as it is;
   * `labeled`, DSPy's BootstrapFewShot teacher, the baseline program with `maxLabeledDemos`
   * labelled trainset examples as demos (never the traced example itself; the baseline when the
   * trainset has no labels).
   */
  teacher: "labeled" | "baseline";
  /** Share of the valset kept apart to re-measure the pick and the baseline (never used for selection). */
  confirmFraction: number;
  parallelTrials: number;
  maxBootstrappedDemos: number;
  maxLabeledDemos: number;
  maxRounds: number;
  metricThreshold: number;
  /** An evaluation with fewer scored examples than this share of its examples is not observed. */
  minScoredFraction: number;
  /** What a program failure (parse failure, refusal, truncation) scores in selection, as DSPy's `failure_score`. */
  failureScore: number;
  proposalTemperature: number;
  /** Examples shown to the dataset summarizer. */
  viewDataBatchSize: number;
  /** Demos shown to the instruction proposer. */
  demosInContext: number;
  tpe: TpeSettings;
}

/** Models and token sizes behind a cost estimate. */
export interface EstimateOptions {
  /** Model of the program's predictors when their state names none. */
  taskModel?: string;
  proposerModel?: string;
  /** Model of a judge metric, when the metric calls one. */
  metricModel?: string;
  /** LM calls the metric makes per example; default 0 (1 for a judge metric). */
  metricCallsPerExample?: number;
  /** Output tokens assumed per call; default 150. */
  outputTokensPerCall?: number;
  prices?: PriceTable;
}

export interface BudgetCap {
  capUsd?: number;
  maxCalls?: number;
}

/** Options of a MIPRO run; anything left out comes from the `auto` preset or DSPy's defaults. */
export interface MiproOptions {
  /** Preset sizes (default "light"); null means every size must be given. */
  auto?: AutoPreset | null;
  seed?: string | number;
  runId?: string;
  numTrials?: number;
  /** Sets both instruction and demo-set candidate counts, as DSPy's `num_candidates`. */
  numCandidates?: number;
  numInstructionCandidates?: number;
  numDemoCandidates?: number;
  minibatch?: boolean;
  minibatchSize?: number;
  fullEvalPeriod?: number;
  fullEvalPick?: "model" | "tried";
  teacher?: "labeled" | "baseline";
  /** Default 0.2 (as GEPA); 0 for none. No confirmation split is carved from fewer than 10 valset examples. */
  confirmFraction?: number;
  /** Most valset examples used (the preset's `val_size` by default). */
  valsetSize?: number;
  parallelTrials?: number;
  maxBootstrappedDemos?: number;
  maxLabeledDemos?: number;
  maxRounds?: number;
  metricThreshold?: number;
  minScoredFraction?: number;
  failureScore?: number;
  proposalTemperature?: number;
  viewDataBatchSize?: number;
  tpe?: Partial<TpeSettings>;
  /** A plan that would cost more is shrunk (fewer trials, smaller minibatches) to fit. */
  budget?: BudgetCap;
  estimate?: EstimateOptions;
}

export interface EstimatePart {
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

/** The most a plan may call, before any call is made. */
export interface MiproEstimate {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Undefined when a model's price is unknown. */
  costUsd: number | undefined;
  unpricedModels: string[];
  bootstrap: EstimatePart;
  proposals: EstimatePart;
  evaluation: EstimatePart;
}

export interface MiproPlan {
  config: MiproConfig;
  estimate: MiproEstimate;
  budget: BudgetCap | null;
  /** Whether the estimate fits the budget; null without a budget or when it cannot be priced. */
  fitsBudget: boolean | null;
  /** What was changed to fit the budget, in plain words. */
  adjustments: string[];
}
