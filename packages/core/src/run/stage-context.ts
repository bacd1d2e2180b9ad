import type { FieldMap } from "../data/field-map.ts";
import type { Label, LabelProvenance } from "../data/labels.ts";
import type { LanguageDetector } from "../data/language.ts";
import type { DatasetFormat } from "../data/load.ts";
import type { Row } from "../data/parsed-rows.ts";
import type { SeedQuestion } from "../data/synthesis-seeds.ts";
import { JudgeloopError } from "../errors.ts";
import type { Metric } from "../evaluate/types.ts";
import type { LM, Usage } from "../lm/types.ts";
import type { Example } from "../module/example.ts";
import type { Program } from "../module/program.ts";
import type { GepaOptions } from "../optimize/gepa-plan.ts";
import type { GepaState } from "../optimize/gepa-state.ts";
import type { MiproState } from "../optimize/mipro-state.ts";
import type { MiproOptions } from "../optimize/plan-types.ts";
import type { ArtifactStore } from "../ports/artifact-store.ts";
import type { RunStore } from "../ports/run-store.ts";
import type { RunInput } from "./run-input.ts";
import type { MeterReading } from "./run-meter.ts";
import type { StageJob, StagePass, StageRound } from "./stage-jobs.ts";
import type { StageOutputs } from "./stage-outputs.ts";
import type { StageName } from "./stages.ts";
import type { RunSummaryData } from "./summary-types.ts";

/** One optimization a stage asks for: run to the end (or resumed from its checkpoint) by the driver. */
export interface OptimizationRequest {
  /** Names the workflow execution: the same stage of the same run always resumes the same one. */
  stage: StageName;
  program: Program;
  trainset: readonly Example[];
  metric: Metric;
  /** Default LM of the program's predictors. */
  lm: LM;
  proposerLM: LM;
  /** MIPRO's options; they also size the run's estimate. */
  options: MiproOptions;
  /** Which optimizer runs; default MIPRO. */
  kind?: "mipro" | "gepa";
  /** GEPA's options, when `kind` is "gepa". */
  gepa?: GepaOptions;
  /** The stage's progress line: trial n/N with the best score and spend as detail. */
  progress: StageContext["progress"];
  /** Aborting stops the optimization after the current step (the run is being cancelled). */
  signal?: AbortSignal;
  /**
   * The metric as data, for drivers whose jobs run in other processes (the AWS workers rebuild
   * it from this); the in-process drivers use `metric`.
   */
  metricSpec?: OptimizationMetricSpec;
}

/**
 * An optimization's metric as data: exact match on one output field, or a saved judge program
 * (in the artifact store, bound to `model`) asked about each prediction.
 */
export type OptimizationMetricSpec =
  | { kind: "exact"; field: string }
  | {
      kind: "judge";
      programKey: string;
      model: string;
      transcriptField?: string;
      replyField?: string;
      conversationField?: string;
      verdictField?: string;
    };

/**
 * What stages need from the world outside core: files, the language model of the language
 * filter, the workflow driver, the report writer. The local runtime (and later AWS) provides them.
 */
export interface RunServices {
  /** The conversations the config's `data` section names. */
  loadConversations(input: RunInput): Promise<{ rows: Row[]; source: { format: DatasetFormat; map: FieldMap } }>;
  /**
   * SME labels from the config's `labels.file`, checked against the judge set's ids: one per
   * conversation, and (when the file names annotators) every annotator's, for their agreement.
   */
  loadSmeLabels(
    input: RunInput,
    ids: readonly string[],
  ): Promise<{ labels: Label[]; provenance: LabelProvenance; annotated?: Label[] }>;
  languageDetector(): Promise<LanguageDetector>;
  /**
   * The seed questions of `data.synthesize.seeds` with the file's name and sha256, for a run
   * that synthesizes its conversations. Runtimes without it cannot run such a config.
   */
  loadSeeds?(input: RunInput): Promise<{ seeds: SeedQuestion[]; file: string; sha256: string }>;
  /** Runs (or resumes) an optimization to its end and returns the finished state. */
  optimize(request: OptimizationRequest): Promise<MiproState | GepaState>;
  writeReport(summary: RunSummaryData): Promise<{ htmlPath: string; summaryPath: string }>;
  /**
   * Runs a stage pass's jobs until each has its result in the RunStore (counted with
   * countStageJob), or hands them to another execution by throwing StageJobsPending (on AWS the
   * pipeline machine dispatches them to SQS). Default: the run engine runs them in-process.
   */
  runStageJobs?(request: StageJobsRequest): Promise<void>;
}

/** A stage pass's jobs, to be run by the run's job runtime. */
export interface StageJobsRequest {
  round: StageRound;
  pass: StagePass;
  jobs: readonly StageJob[];
  /** The run's LMs (metered, cached, budgeted), for runtimes that run jobs in this process. */
  lmFor: (model: string) => LM;
  /** Jobs in flight at once (the config's concurrency). */
  concurrency: number;
  progress: (done: number, total: number, errors: number) => void;
  signal?: AbortSignal;
}

/** Why a run ends before its last stage (or, for a report of an unfinished run, that it is still going). */
export interface RunStop {
  status: "stopped" | "failed" | "cancelled" | "running";
  reason: string;
}

/** Everything one stage runs with. */
export interface StageContext {
  runId: string;
  /** The stage running with this context. */
  stage: StageName;
  /** Where stage jobs' results are stored, once per job. */
  runs: RunStore;
  /** The number of the stage's next pass (1, 2, ...): the same sequence every time the stage runs. */
  nextPass: () => number;
  /** Runs a planned stage pass's jobs (see RunServices.runStageJobs); `unit` names its progress. */
  runJobs: (round: StageRound, planned: { pass: StagePass; jobs: readonly StageJob[]; unit: string }) => Promise<void>;
  input: RunInput;
  artifacts: ArtifactStore;
  /** The LM of a `provider/model`, metered, cached and budgeted. */
  lmFor: (model: string) => LM;
  /** Dollars some usage of a model costs at the run's prices; null when its price is unknown. */
  costOf: (model: string, usage: Usage) => number | null;
  services: RunServices;
  /** Outputs of the stages before this one. */
  outputs: StageOutputs;
  /** ISO-8601 now. */
  now: () => string;
  /** The run's LM counters so far. */
  meter: () => Promise<MeterReading>;
  /** When the run started, and why it is ending early (for the report). */
  run: { startedAt: string; stop?: RunStop };
  progress: (done: number, total: number, unit: string, detail?: string) => void;
  note: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * The output of an earlier stage, which must exist by now.
 *
 * @example
 * const { datasets } = requireOutput(ctx, "prepare");
 */
export function requireOutput<K extends keyof StageOutputs>(ctx: StageContext, stage: K): NonNullable<StageOutputs[K]> {
  const output = ctx.outputs[stage];
  if (output === undefined) {
    throw new JudgeloopError("stage_order", `stage ${String(stage)} has no output yet, so this stage cannot run`);
  }
  return output as NonNullable<StageOutputs[K]>;
}

/**
 * Thrown by a service that hands a stage's long work to another execution (on AWS, an
 * optimization runs as its own state-machine execution): the run pauses at this stage, still
 * running, and the engine returns; running the run again re-enters the stage, which finds the
 * work done.
 *
 * @example
 * throw new RunSuspended({ runId: "run-1-judge-optimize" }, "the judge optimization runs as run-1-judge-optimize");
 */
export class RunSuspended extends JudgeloopError {
  readonly waitingFor: { runId: string };

  constructor(waitingFor: { runId: string }, message: string) {
    super("run_suspended", message);
    this.name = "RunSuspended";
    this.waitingFor = waitingFor;
  }
}

/**
 * Thrown by a job runtime that runs a stage pass's jobs in another execution (on AWS, the
 * pipeline state machine dispatches them to the SQS workers): the run pauses at this stage,
 * still running, and the engine returns the round; running the run again once the jobs have
 * their results re-enters the stage, whose finished passes are collected without a call.
 *
 * @example
 * throw new StageJobsPending(round);
 */
export class StageJobsPending extends JudgeloopError {
  readonly round: StageRound;

  constructor(round: StageRound) {
    super("stage_jobs_pending", `${round.jobCount} ${round.stage} jobs run on the job queue (round ${round.step})`);
    this.name = "StageJobsPending";
    this.round = round;
  }
}

/**
 * Thrown by a stage that ends the run on purpose (the budget is spent): the run is `stopped`,
 * not failed, and keeps what it has.
 *
 * @example
 * throw new RunStopped("budget_exceeded", "the $5 cap is reached");
 */
export class RunStopped extends JudgeloopError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = "RunStopped";
  }
}
