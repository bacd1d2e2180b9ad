import type { Metric } from "../evaluate/types.ts";
import type { LM } from "../lm/types.ts";
import type { LMResolver } from "../module/call-options.ts";
import type { Example } from "../module/example.ts";
import type { Predictors, Program } from "../module/program.ts";
import { datasetToData } from "./example-data.ts";
import { gepaPendingJobs } from "./gepa-jobs.ts";
import { type GepaOptions, planGepa } from "./gepa-plan.ts";
import type { GepaPhase, GepaState } from "./gepa-state.ts";
import { gepaStep } from "./gepa-step.ts";
import { jobContextOf, runOptimizerJobs } from "./in-process-driver.ts";
import type { MiproStoppedReason, Spend } from "./mipro-state.ts";
import { programWithPrompts } from "./program-prompts.ts";

export interface GepaInProcessOptions<P extends Predictors> {
  program: Program<P>;
  trainset: readonly Example[];
  valset?: readonly Example[];
  /** Scores a prediction; `ctx.feedback(text)` gives the reflection its textual feedback. */
  metric: Metric;
  /** The reflection LM (a strong model reads the feedback and writes instructions). */
  proposerLM: LM;
  lm?: LM;
  resolveLM?: LMResolver;
  options?: GepaOptions;
  resumeFrom?: GepaState;
  concurrency?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  onCheckpoint?: (state: GepaState) => void | Promise<void>;
  onProgress?: (progress: GepaProgress) => void;
}

/** Where a GEPA run stands, for progress displays. */
export interface GepaProgress {
  phase: GepaPhase;
  metricCalls: number;
  maxMetricCalls: number;
  candidates: number;
  baselineScore: number | null;
  bestScore: number | null;
  spend: Spend;
  jobsDone: number;
  jobsTotal: number;
}

export interface GepaResult<P extends Predictors> {
  program: Program<P>;
  state: GepaState;
  baselineScore: number | null;
  bestScore: number | null;
  /** The pick and the baseline re-measured on the confirmation split. */
  confirm: NonNullable<GepaState["result"]>["confirm"];
  stoppedReason?: MiproStoppedReason;
  stoppedMessage?: string;
  spend: Spend;
}

/**
 * Runs the GEPA step machine in this process, checkpointing after every step; `resumeFrom`
 * continues a saved state (jobs that already ran cost nothing again with a shared LM cache).
 *
 * @example
 * const { program, bestScore } = await gepaInProcess({
 *   program: judge, trainset, metric: exactMatch("satisfied"), proposerLM, options: { auto: "light" },
 * });
 */
export async function gepaInProcess<P extends Predictors>(options: GepaInProcessOptions<P>): Promise<GepaResult<P>> {
  let state = options.resumeFrom ?? plan(options);
  if (!options.resumeFrom) await options.onCheckpoint?.(state);
  let jobs = gepaPendingJobs(state);
  const context = jobContextOf(options);
  while (state.phase !== "done") {
    const current = state;
    const total = jobs.length;
    const results = await runOptimizerJobs(jobs, context, options.concurrency, (done) =>
      options.onProgress?.(gepaProgressOf(current, done, total)),
    );
    ({ state, jobs } = gepaStep(state, results));
    await options.onCheckpoint?.(state);
    options.onProgress?.(gepaProgressOf(state, 0, jobs.length));
  }
  return {
    program: programWithPrompts(options.program, state.result?.program ?? state.baseline),
    state,
    baselineScore: state.result?.baselineScore ?? null,
    bestScore: state.result?.bestScore ?? null,
    confirm: state.result?.confirm ?? null,
    ...(state.stoppedReason && { stoppedReason: state.stoppedReason }),
    ...(state.stoppedMessage && { stoppedMessage: state.stoppedMessage }),
    spend: state.spend,
  };
}

/**
 * Where a GEPA run stands, from its state.
 *
 * @example
 * gepaProgressOf(state, 0, 0).candidates;
 */
export function gepaProgressOf(state: GepaState, jobsDone: number, jobsTotal: number): GepaProgress {
  const scores = state.candidates.flatMap((c) => (c.score === null ? [] : [c.score]));
  return {
    phase: state.phase,
    metricCalls: state.metricCalls,
    maxMetricCalls: state.plan.config.maxMetricCalls,
    candidates: state.candidates.length,
    baselineScore: state.candidates[0]?.score ?? null,
    bestScore: scores.length === 0 ? null : Math.max(...scores),
    spend: state.spend,
    jobsDone,
    jobsTotal,
  };
}

function plan<P extends Predictors>(options: GepaInProcessOptions<P>): GepaState {
  return planGepa({
    program: options.program.toState(),
    trainset: datasetToData(options.trainset),
    ...(options.valset && { valset: datasetToData(options.valset) }),
    ...(options.options && { options: options.options }),
  });
}
