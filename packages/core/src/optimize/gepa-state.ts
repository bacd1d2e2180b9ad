import type { RecordStatus } from "../evaluate/types.ts";
import type { ProgramState } from "../module/state.ts";
import type { RandomState } from "../util/random.ts";
import type { ExampleData } from "./example-data.ts";
import type { MiproJobResult } from "./mipro-jobs.ts";
import type { MiproStoppedReason, Spend } from "./mipro-state.ts";
import type { BudgetCap } from "./plan-types.ts";

/** The format tag of saved GEPA state; `gepaStep` refuses anything else. */
export const gepaStateFormat = "judgeloop.gepa/1";

/** `plan` is a fresh state; `seed` scores the baseline on the Pareto set; `confirm` re-measures the pick. */
export type GepaPhase = "plan" | "seed" | "search" | "confirm" | "done";

/** Which split an evaluation runs on: reflection minibatches, the Pareto (selection) set, the confirmation set. */
export type GepaSplit = "train" | "val" | "confirm";

export interface GepaConfig {
  /** Metric calls (program run + metric on one example) the search never passes: an iteration starts only if its worst case fits. */
  maxMetricCalls: number;
  /** Train examples shown to each reflection (and scored for the parent and child). */
  reflectionMinibatchSize: number;
  /** `pareto`: sample a parent from the frontier by how many examples it leads; `current_best`: the best mean. */
  candidateSelection: "pareto" | "current_best";
  useMerge: boolean;
  maxMergeInvocations: number;
  /** Pareto-set examples a merged program is first scored on. */
  mergeSubsampleSize: number;
  /** Skip reflecting on a minibatch the parent already gets perfect. */
  skipPerfectScore: boolean;
  perfectScore: number;
  /** What a program failure (parse failure, refusal, truncation) scores in selection. */
  failureScore: number;
  reflectionTemperature: number;
  seed: string | number;
}

/** The plan: sizes, splits and the budget it was fitted to. */
export interface GepaPlan {
  config: GepaConfig;
  budget: BudgetCap | null;
  /** What fitting to the budget changed. */
  adjustments: string[];
  /** LM calls the plan may make (an upper estimate: every metric call plus one reflection per iteration). */
  estimatedCalls: number;
}

/** One example's outcome: `score` is the selection score (program failures count `failureScore`; infra errors null). */
export interface GepaExampleResult {
  exampleIndex: number;
  status: RecordStatus;
  score: number | null;
  errorKind?: string;
}

/** A program in the pool: the baseline or one found by reflection or merge. */
export interface GepaCandidate {
  id: string;
  /** Per predictor. Demos stay the baseline's. */
  instructions: Record<string, string>;
  origin: "baseline" | "reflection" | "merge";
  parents: string[];
  /** Selection score per Pareto-set example (null: excluded infrastructure error), in valset order. */
  valScores: (number | null)[];
  /** Mean over the examples not excluded. */
  score: number | null;
  failures: number;
  excluded: number;
  /** Metric calls spent when it joined the pool. */
  foundAtCalls: number;
}

/** What one reflection read and proposed. */
export interface GepaReflection {
  iteration: number;
  parent: string;
  predictor: string;
  /** Train examples of the minibatch, by id. */
  examples: string[];
  /** Each example's selection score and the feedback text the reflection was shown. */
  feedback: { exampleId: string; score: number | null; feedback: string }[];
  instruction: string | null;
  /** Sums over the minibatch examples both scored. */
  parentScore: number | null;
  childScore: number | null;
  outcome: "accepted" | "rejected" | "perfect" | "no_scores" | "failed" | "duplicate" | "stopped";
  candidate?: string;
}

/** One merge of two frontier programs that share an ancestor. */
export interface GepaMerge {
  iteration: number;
  parents: [string, string];
  ancestor: string;
  /** Which parent each predictor's instruction came from. */
  sources: Record<string, string>;
  /** Pareto-set indices of the subsample. */
  subsample: number[];
  parentScores: [number, number] | null;
  mergedScore: number | null;
  outcome: "accepted" | "rejected" | "stopped";
  candidate?: string;
}

/** The iteration in flight. */
export interface GepaIteration {
  n: number;
  stage: "parent" | "reflect" | "child" | "child-full" | "merge" | "merge-full";
  parent?: string;
  predictor?: string;
  /** Train indices (reflection) or Pareto-set indices (merge subsample). */
  examples: number[];
  /** The proposed or merged instructions being tried. */
  trial?: Record<string, string>;
  parentResults?: GepaExampleResult[];
  /** The parent's outputs on the minibatch, for the reflection's prompt. */
  outputs?: (Record<string, unknown> | null)[];
  reflection?: GepaReflection;
  merge?: GepaMerge;
}

/** A pending job, compactly: the full job is rebuilt from the state (`gepaPendingJobs`). */
export type GepaJobSpec =
  | {
      id: string;
      kind: "evaluate";
      /** A candidate id, or "trial" for the instructions of the iteration in flight. */
      target: string;
      split: GepaSplit;
      exampleIndex: number;
      withFeedback?: boolean;
    }
  | { id: string; kind: "reflect"; predictor: string; iteration: number };

/** The run's pick, with its score re-measured on the confirmation split (never used for selection). */
export interface GepaOutcome {
  program: ProgramState;
  candidate: string;
  /** Pareto-set means. */
  baselineScore: number | null;
  bestScore: number | null;
  confirm: { n: number; baselineScore: number | null; bestScore: number | null } | null;
}

/**
 * Everything a GEPA run knows, as plain JSON: store it after every step and continue from it
 * anywhere. Random draws come only from `rng`.
 */
export interface GepaState {
  format: typeof gepaStateFormat;
  runId: string;
  phase: GepaPhase;
  rng: RandomState;
  plan: GepaPlan;
  baseline: ProgramState;
  predictors: string[];
  trainset: ExampleData[];
  valset: ExampleData[];
  confirmset: ExampleData[];
  candidates: GepaCandidate[];
  reflections: GepaReflection[];
  merges: GepaMerge[];
  iteration: GepaIteration | null;
  iterations: number;
  /** Train order for minibatches (reshuffled each epoch) and the position in it. */
  trainOrder: number[];
  trainCursor: number;
  /** Next predictor to reflect on, per candidate (round robin). */
  nextPredictor: Record<string, number>;
  mergesDue: number;
  /** Candidate pairs already merged, as "a|b". */
  mergedPairs: string[];
  metricCalls: number;
  /** Infrastructure errors excluded from selection, by error kind. */
  excludedErrors: Record<string, number>;
  pending: GepaJobSpec[];
  inbox: Record<string, MiproJobResult>;
  spend: Spend;
  stoppedReason?: MiproStoppedReason;
  stoppedMessage?: string;
  result?: GepaOutcome;
}
