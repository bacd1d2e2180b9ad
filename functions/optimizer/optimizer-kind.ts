import {
  type ExampleData,
  type GepaOptions,
  type GepaState,
  gepaPendingJobs,
  gepaProgressOf,
  gepaStateFormat,
  gepaStep,
  JudgeloopError,
  type MiproJob,
  type MiproJobResult,
  type MiproState,
  miproStateFormat,
  miproStep,
  type ProgramState,
  pendingJobs,
  planGepa,
  planMipro,
  progressOf,
  type RunProgress,
  type RunStore,
  recordTrials,
} from "@judgeloop/core";
import { miproOptionsOf, type OptimizeSpec } from "./run-spec.ts";

/** Any optimizer state the AWS loop drives; its `format` says which optimizer it belongs to. */
export type OptimizerState = MiproState | GepaState;

/** The state machine's Tasks that take a round's results (see optimizer-state-machine.ts). */
export type AdvanceStep = "bootstrap" | "propose" | "observe";

/** Which Task a state goes to next: one that advances it, or Finalize once it is done. */
export type NextStep = AdvanceStep | "finalize";

/** What the run and its stage show while it runs: how far, in what unit. */
export interface KindProgress extends RunProgress {
  unit: string;
}

/** What a finished optimization reports, whatever the optimizer. */
export interface KindOutcome {
  program: ProgramState;
  baselineScore: number | null;
  bestScore: number | null;
  /** MIPRO's trials, GEPA's iterations. */
  trials: number;
  /** The pick and the baseline re-measured on the confirmation split (never used for selection). */
  confirm?: { n: number; baselineScore: number | null; bestScore: number | null };
}

/** What planning needs: the run's program and examples, its spec and id. */
export interface KindPlanInput {
  program: ProgramState;
  trainset: ExampleData[];
  valset?: ExampleData[];
  spec: OptimizeSpec;
  runId: string;
}

/**
 * One optimizer as the AWS loop sees it. The steps, the worker and Finalize never ask which
 * optimizer a run uses: they take this seam from the state (`kindOfState`) or, before there is
 * a state, from the spec (`kindOfSpec`). Every function is pure except `recordProgress`.
 */
export interface OptimizerKind<S extends OptimizerState = OptimizerState> {
  name: "mipro" | "gepa";
  /** The initial state (no LM call). */
  plan(input: KindPlanInput): S;
  /** One step of the optimizer's step machine with the results that came in. */
  step(state: S, results: readonly MiproJobResult[]): S;
  /** The full jobs the state waits for (rebuilt from its compact specs). */
  pendingJobs(state: S): MiproJob[];
  /** The Task that takes this state next. */
  nextStep(state: S): NextStep;
  progress(state: S): KindProgress;
  /** The pick (the baseline when nothing beat it) and its scores. */
  outcome(state: S): KindOutcome;
  /** Stores what the step added that GET /runs/{id}/trials lists (MIPRO's trials). */
  recordProgress(runStore: RunStore, target: { runId: string; stage: string }, after: S, before: S): Promise<void>;
}

const mipro: OptimizerKind<MiproState> = {
  name: "mipro",
  plan: ({ program, trainset, valset, spec, runId }) =>
    planMipro({ program, trainset, ...(valset && { valset }), options: miproOptionsOf(spec, runId) }),
  step: (state, results) => miproStep(state, [...results]).state,
  pendingJobs,
  nextStep: (state) => {
    if (state.phase === "done") return "finalize";
    if (state.phase === "plan" || state.phase === "bootstrap") return "bootstrap";
    return state.phase === "propose" ? "propose" : "observe";
  },
  progress: (state) => {
    const progress = progressOf(state, 0, 0);
    return { done: progress.trial, total: progress.trials, unit: "trials" };
  },
  outcome: (state) => ({
    program: state.result?.program ?? state.baseline,
    baselineScore: state.result?.baselineScore ?? null,
    bestScore: state.result?.bestScore ?? null,
    trials: progressOf(state, 0, 0).trial,
    ...(state.result?.confirm && { confirm: state.result.confirm }),
  }),
  recordProgress: async (runStore, target, after, before) => {
    await recordTrials(runStore, target, after, before);
  },
};

const gepa: OptimizerKind<GepaState> = {
  name: "gepa",
  plan: ({ program, trainset, valset, spec, runId }) =>
    planGepa({ program, trainset, ...(valset && { valset }), options: gepaOptionsOf(spec, runId) }),
  step: (state, results) => gepaStep(state, results).state,
  pendingJobs: gepaPendingJobs,
  // GEPA has no bootstrap or proposal phase: every round (seed, iterations, confirmation) is observed.
  nextStep: (state) => (state.phase === "done" ? "finalize" : "observe"),
  progress: (state) => {
    const progress = gepaProgressOf(state, 0, 0);
    return {
      done: Math.min(progress.metricCalls, progress.maxMetricCalls),
      total: progress.maxMetricCalls,
      unit: "metric calls",
    };
  },
  outcome: (state) => ({
    program: state.result?.program ?? state.baseline,
    baselineScore: state.result?.baselineScore ?? null,
    bestScore: state.result?.bestScore ?? null,
    trials: state.iterations,
    ...(state.result?.confirm && { confirm: state.result.confirm }),
  }),
  // GEPA's record is its state (pool, reflections, merges), which the summary reads; the local
  // driver lists no trials for it either.
  recordProgress: async () => {},
};

/**
 * The optimizer a stored state belongs to, by its format tag, or `bad_optimizer_state`.
 *
 * @example
 * const kind = kindOfState(state);
 * const next = kind.step(state, results);
 */
export function kindOfState(state: { format?: unknown }): OptimizerKind {
  if (state.format === miproStateFormat) return mipro as unknown as OptimizerKind;
  if (state.format === gepaStateFormat) return gepa as unknown as OptimizerKind;
  throw new JudgeloopError(
    "bad_optimizer_state",
    `optimizer state format must be "${miproStateFormat}" or "${gepaStateFormat}"`,
  );
}

/**
 * The optimizer a run's spec asks for (`optimizer.kind`, default MIPRO).
 *
 * @example
 * const state = kindOfSpec(spec).plan({ program, trainset, spec, runId });
 */
export function kindOfSpec(spec: OptimizeSpec): OptimizerKind {
  return (spec.optimizer.kind === "gepa" ? gepa : mipro) as unknown as OptimizerKind;
}

/**
 * GEPA's options of a spec: the preset, seed and metric-call budget, the run's caps (LM calls
 * shrink the metric-call budget) and the run id the jobs are keyed by.
 *
 * @example
 * planGepa({ program, trainset, options: gepaOptionsOf(spec, runId) });
 */
export function gepaOptionsOf(spec: OptimizeSpec, runId: string): GepaOptions {
  const { auto, seed, maxMetricCalls, confirmFraction } = spec.optimizer;
  return {
    runId,
    ...(auto !== undefined && { auto }),
    ...(seed !== undefined && { seed }),
    ...(maxMetricCalls !== undefined && { maxMetricCalls }),
    ...(confirmFraction !== undefined && { confirmFraction }),
    ...(spec.budget && { budget: spec.budget }),
    // A judge metric makes one more LM call per example, which the call budget must count.
    ...(spec.metric.kind === "judge" && { metricCallsPerExample: 1 }),
  };
}
