import type { Metric } from "../evaluate/types.ts";
import { loadTokenizer } from "../lm/tokens.ts";
import type { LM } from "../lm/types.ts";
import type { LMResolver } from "../module/call-options.ts";
import type { Example } from "../module/example.ts";
import type { Predictors, Program } from "../module/program.ts";
import type { Tracer } from "../tracing/tracer.ts";
import { TrialSpans } from "../tracing/trial-spans.ts";
import { datasetToData } from "./example-data.ts";
import { pendingJobs } from "./expand-jobs.ts";
import type { MiproJob, MiproJobResult } from "./mipro-jobs.ts";
import type { MiproPhase, MiproState, MiproStoppedReason, Spend } from "./mipro-state.ts";
import { miproStep } from "./mipro-step.ts";
import { planMipro } from "./plan.ts";
import type { MiproOptions } from "./plan-types.ts";
import { programWithPrompts } from "./program-prompts.ts";
import { type MiproJobContext, runMiproJob } from "./run-job.ts";

export interface OptimizeInProcessOptions<P extends Predictors> {
  program: Program<P>;
  trainset: readonly Example[];
  valset?: readonly Example[];
  metric: Metric;
  proposerLM: LM;
  teacher?: Program;
  lm?: LM;
  resolveLM?: LMResolver;
  options?: MiproOptions;
  /** Continue a run from a saved state instead of planning a new one. */
  resumeFrom?: MiproState;
  /** Jobs in flight at once; default 8. */
  concurrency?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with the state after planning and after every step: store it to resume later. */
  onCheckpoint?: (state: MiproState) => void | Promise<void>;
  onProgress?: (progress: MiproProgress) => void;
  /** Records each trial as a span, parent of its evaluate jobs' LM calls. */
  tracer?: Tracer;
}

/** Where a run stands, for progress displays. */
export interface MiproProgress {
  phase: MiproPhase;
  /** Trials finished and planned. */
  trial: number;
  trials: number;
  baselineScore: number | null;
  /** Best full-valset score so far. */
  bestScore: number | null;
  spend: Spend;
  /** Jobs of the current step finished and in all. */
  jobsDone: number;
  jobsTotal: number;
}

export interface OptimizeResult<P extends Predictors> {
  /** The chosen program (the baseline when nothing beat it), with the caller's LM bindings. */
  program: Program<P>;
  state: MiproState;
  baselineScore: number | null;
  bestScore: number | null;
  trials: number;
  stoppedReason?: MiproStoppedReason;
  stoppedMessage?: string;
  spend: Spend;
}

/**
 * Runs the MIPRO step machine in this process: step → run the step's jobs (at most
 * `concurrency` at once) → step, checkpointing the state after each step. Resuming from a
 * checkpoint runs the jobs it was waiting for and continues; with a shared LM cache, jobs that
 * had already run cost nothing again.
 *
 * @example
 * const { program, bestScore } = await optimizeInProcess({
 *   program: judge, trainset, metric: exactMatch("satisfied"), proposerLM,
 *   options: { auto: "light", seed: 7 }, onCheckpoint: (s) => store.put(JSON.stringify(s)),
 * });
 */
export async function optimizeInProcess<P extends Predictors>(
  options: OptimizeInProcessOptions<P>,
): Promise<OptimizeResult<P>> {
  await loadTokenizer();
  let state = options.resumeFrom ?? plan(options);
  if (!options.resumeFrom) await options.onCheckpoint?.(state);
  let jobs = pendingJobs(state);
  const context = jobContextOf(options);
  const trials = options.tracer && new TrialSpans(options.tracer, "mipro");
  try {
    while (state.phase !== "done") {
      const current = state;
      const results = await runOptimizerJobs(
        jobs,
        context,
        options.concurrency,
        (done) => options.onProgress?.(progressOf(current, done, jobs.length)),
        trials,
      );
      ({ state, jobs } = miproStep(state, results));
      trials?.observe(state);
      await options.onCheckpoint?.(state);
      options.onProgress?.(progressOf(state, 0, jobs.length));
    }
  } finally {
    trials?.endAll();
  }
  const outcome = state.result;
  return {
    program: programWithPrompts(options.program, outcome?.program ?? state.baseline),
    state,
    baselineScore: outcome?.baselineScore ?? null,
    bestScore: outcome?.bestScore ?? null,
    trials: state.search.evaluations.filter((e) => e.trial !== null).length,
    ...(state.stoppedReason && { stoppedReason: state.stoppedReason }),
    ...(state.stoppedMessage && { stoppedMessage: state.stoppedMessage }),
    spend: state.spend,
  };
}

/**
 * Where a run stands, from its state.
 *
 * @example
 * progressOf(state, 0, 0).bestScore;
 */
export function progressOf(state: MiproState, jobsDone: number, jobsTotal: number): MiproProgress {
  const full = state.search.evaluations.filter((e) => e.kind === "full" && e.status === "observed" && e.score !== null);
  const baseline = full.find((e) => e.trial === null && e.id === "full-0");
  return {
    phase: state.phase,
    trial: state.search.evaluations.filter((e) => e.trial !== null && e.status !== "running").length,
    trials: state.plan.config.numTrials,
    baselineScore: baseline?.score ?? null,
    bestScore: full.length === 0 ? null : Math.max(...full.map((e) => e.score ?? 0)),
    spend: state.spend,
    jobsDone,
    jobsTotal,
  };
}

/** Plans a new run; the estimate names the program's and proposer's models unless told otherwise. */
function plan<P extends Predictors>(options: OptimizeInProcessOptions<P>): MiproState {
  const given = options.options ?? {};
  const estimate = {
    ...(options.program.lm && { taskModel: options.program.lm.model }),
    proposerModel: options.proposerLM.model,
    ...given.estimate,
  };
  return planMipro({
    program: options.program.toState(),
    trainset: datasetToData(options.trainset),
    ...(options.valset && { valset: datasetToData(options.valset) }),
    options: { ...given, estimate },
  });
}

/**
 * The job context of in-process options.
 *
 * @example
 * const context = jobContextOf({ program, metric, proposerLM });
 */
export function jobContextOf<P extends Predictors>(
  options: Pick<
    OptimizeInProcessOptions<P>,
    "program" | "metric" | "proposerLM" | "teacher" | "lm" | "resolveLM" | "timeoutMs" | "signal"
  >,
): MiproJobContext<P> {
  return {
    program: options.program,
    metric: options.metric,
    proposerLM: options.proposerLM,
    ...(options.teacher && { teacher: options.teacher }),
    ...(options.lm && { lm: options.lm }),
    ...(options.resolveLM && { resolveLM: options.resolveLM }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.signal && { signal: options.signal }),
  };
}

/**
 * Runs optimizer jobs with at most `concurrency` in flight (default 8); results come back in job
 * order. `onDone(n)` is told after each job finishes; with `trials`, each job runs inside its trial's span.
 *
 * @example
 * const results = await runOptimizerJobs(jobs, context, 4);
 */
export async function runOptimizerJobs<P extends Predictors>(
  jobs: readonly MiproJob[],
  context: MiproJobContext<P>,
  concurrency = 8,
  onDone?: (done: number) => void,
  trials?: Pick<TrialSpans, "run">,
): Promise<MiproJobResult[]> {
  const results: MiproJobResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index] as MiproJob;
      results[index] = await (trials ? trials.run(job, () => runMiproJob(job, context)) : runMiproJob(job, context));
      done++;
      onDone?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), jobs.length) }, worker));
  return results;
}
