import type { RecordStatus } from "../evaluate/types.ts";
import type { Usage } from "../lm/types.ts";
import type { Demo, ProgramState } from "../module/state.ts";
import type { RandomState } from "../util/random.ts";
import type { ExampleData } from "./example-data.ts";
import type { MiproJobResult, MiproJobSpec } from "./mipro-jobs.ts";
import type { MiproPlan } from "./plan-types.ts";
import type { TraceStep } from "./trace.ts";

/** The format tag of saved MIPRO state; `miproStep` refuses anything else. */
export const miproStateFormat = "judgeloop.mipro/1";

/**
 * Where a run stands: `plan` is a fresh state; the first step starts the bootstrap; `confirm`
 * re-measures the pick and the baseline on the confirmation split.
 */
export type MiproPhase = "plan" | "bootstrap" | "propose" | "search" | "confirm" | "done";

/** Why a run ended before its plan was complete. */
export type MiproStoppedReason = "budget_exceeded" | "cancelled";

/** One choice per predictor: `<predictor>.instruction` and `<predictor>.demos` → candidate index. */
export type Params = Record<string, number>;

export type DemoSetKind = "baseline" | "labeled" | "unshuffled" | "shuffled";

/** How one demo-set candidate is bootstrapped: walk `order` (trainset indices) until `size` traces pass. */
export interface DemoSetSpec {
  kind: DemoSetKind;
  order: number[];
  size: number;
  /** Labeled demos, for the labeled-only candidate. */
  labeled?: Demo[];
}

/** A teacher run on one trainset example in one round. */
export interface TraceOutcome {
  status: RecordStatus;
  score: number | null;
  errorKind?: string;
  /** Kept only when the run passed the metric. */
  steps: TraceStep[] | null;
}

export interface BootstrapState {
  sets: DemoSetSpec[];
  /**
   * Trainset indices of the teacher's labelled demos (DSPy's BootstrapFewShot teacher: the
   * program with labelled demos); a trace never sees its own example among them. Absent or
   * empty: the teacher is the baseline as it is.
   */
  teacherDemos?: number[];
  /** By `<trainset index>:<round>`. */
  traces: Record<string, TraceOutcome>;
}

export interface DemoSet {
  kind: DemoSetKind;
  demos: Demo[];
}

export interface InstructionCandidate {
  text: string;
  source: "original" | "proposed";
  tip?: string;
}

/**
 * One example's outcome inside an evaluation. `score` is what selection counts: a program failure
 * (status "error", a parse, refusal or truncation kind) has the run's failure score; an
 * infrastructure error keeps `score: null`, never 0.
 */
export interface ExampleResult {
  exampleIndex: number;
  exampleId: string;
  status: RecordStatus;
  score: number | null;
  errorKind?: string;
  /** Copied from an earlier evaluation of the same combination on the same example (no call made). */
  reused?: boolean;
  calls: number;
  usage: Usage;
  costUsd: number | null;
}

export type EvaluationStatus = "running" | "observed" | "skipped" | "incomplete";

/** A minibatch trial or a full valset evaluation of one combination of candidates. */
export interface Evaluation {
  /** `t<n>` for trials, `full-<n>` for full evaluations. */
  id: string;
  kind: "minibatch" | "full";
  round: number;
  /** 1-based trial number for minibatch trials (and full-mode trials); null for scheduled full evaluations. */
  trial: number | null;
  params: Params;
  paramsKey: string;
  /** Valset indices evaluated. */
  examples: number[];
  status: EvaluationStatus;
  /** Why an evaluation was not observed. */
  note?: string;
  results: ExampleResult[];
  /** Mean over scored examples. */
  score: number | null;
  /** Mean paired difference to the baseline on the same examples (what the sampler sees). */
  delta: number | null;
  /** Examples with a selection score (program failures included). */
  scored: number;
  /** Error records of either kind. */
  errors: number;
  /** Program failures among the errors, scored as failures. Older states may lack it. */
  failures?: number;
  calls: number;
  usage: Usage;
  costUsd: number | null;
}

export interface SearchState {
  round: number;
  evaluations: Evaluation[];
  trialsStarted: number;
  /** Trials observed since the last scheduled full evaluation. */
  trialsSinceFullEval: number;
}

export interface Spend {
  calls: number;
  usage: Usage;
  /** Null once any call's price is unknown. */
  costUsd: number | null;
}

/** What a finished run chose. */
export interface MiproOutcome {
  program: ProgramState;
  params: Params;
  /** Full valset score of the baseline; null when it was never completed. */
  baselineScore: number | null;
  /** Full valset score of the chosen program (the baseline's when it won). */
  bestScore: number | null;
  bestEvaluation: string | null;
  /**
   * The pick and the baseline re-measured on the confirmation split, which selection never saw
   * (null without one). A score is null when the budget stopped its evaluation.
   */
  confirm?: { n: number; baselineScore: number | null; bestScore: number | null } | null;
}

/**
 * Everything a MIPRO run knows, as plain JSON: store it after every step and continue from it
 * anywhere. Random draws come only from `rng`.
 */
export interface MiproState {
  format: typeof miproStateFormat;
  runId: string;
  phase: MiproPhase;
  rng: RandomState;
  plan: MiproPlan;
  baseline: ProgramState;
  predictors: string[];
  trainset: ExampleData[];
  valset: ExampleData[];
  /** Kept apart from selection to re-measure the pick; older states lack it (no confirmation). */
  confirmset?: ExampleData[];
  /** The confirmation evaluations (the pick, and the baseline when it is not the pick); `examples` index `confirmset`. */
  confirmations?: Evaluation[];
  bootstrap: BootstrapState;
  /** Dataset summary from the summarizer; null when it failed or has not run. */
  summary: string | null;
  demoSets: Record<string, DemoSet[]>;
  instructions: Record<string, InstructionCandidate[]>;
  search: SearchState;
  /** Jobs the current step waits for. */
  pending: MiproJobSpec[];
  /** Results received for pending jobs, until all have arrived. */
  inbox: Record<string, MiproJobResult>;
  spend: Spend;
  stoppedReason?: MiproStoppedReason;
  stoppedMessage?: string;
  result?: MiproOutcome;
}
