/**
 * `queued` → `running` → one of the ends. `stopped` is an end on purpose that keeps what the run
 * made (the judge gate said no, the budget ran out); `failed` is an end by error.
 */
export type RunStatus = "queued" | "running" | "succeeded" | "stopped" | "failed" | "cancelled";

export type StageStatus = "pending" | "running" | "succeeded" | "skipped" | "failed";

/** How far a run or a stage has come, in units it names (examples, trials, calls). */
export interface RunProgress {
  done: number;
  total: number;
  unit?: string;
}

/** One stage of a run (prepare, generate, label, ...). Times are ISO-8601 strings. */
export interface StageRecord {
  status: StageStatus;
  startedAt?: string;
  finishedAt?: string;
  progress?: RunProgress;
  /** Why the stage failed, stopped or was skipped, for people. */
  message?: string;
  /** Small JSON the stage produced (artifact keys, dataset ids): what a resume needs. */
  output?: unknown;
}

/** Money and calls against the run's caps, copied from the budget ledger for display. */
export interface SpendSummary {
  spentUsd: number;
  calls: number;
  capUsd?: number;
  maxCalls?: number;
}

/** An error the run reports; `message` never holds prompts, bodies or keys. */
export interface RunErrorRecord {
  at: string;
  code: string;
  message: string;
  stage?: string;
  jobId?: string;
}

/**
 * A run as stored: plain JSON. Stages are keyed by name; their order is the pipeline's, not
 * the map's (DynamoDB maps keep none).
 */
export interface RunRecord {
  id: string;
  /** What the run does: "pipeline", "optimize", "evaluate", ... */
  kind: string;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** What the run was started with (config, options): enough to resume it. */
  input: unknown;
  stages: Record<string, StageRecord>;
  progress?: RunProgress;
  spend: SpendSummary;
  errors: RunErrorRecord[];
  /** The run's summary once it ends. */
  result?: unknown;
}

/**
 * A change to a run. Top-level fields are replaced, each named stage is replaced whole, and
 * `addErrors` is appended: each maps to one DynamoDB `SET`/`list_append` update, so concurrent
 * patches of different fields never undo each other.
 */
export interface RunPatch {
  status?: RunStatus;
  updatedAt?: string;
  startedAt?: string;
  finishedAt?: string;
  progress?: RunProgress;
  spend?: SpendSummary;
  result?: unknown;
  stages?: Record<string, StageRecord>;
  addErrors?: RunErrorRecord[];
}

/** Applies a patch only when the run's current status is one of these. */
export interface RunCondition {
  status: RunStatus[];
}

/** One optimizer trial; (stage, index) identifies it within its run. */
export interface TrialRecord {
  /** The stage or optimization the trial belongs to, e.g. "judge-optimize". */
  stage: string;
  /** Position within the stage, from 0. */
  index: number;
  /** The candidate's score; null when nothing could be scored. */
  score: number | null;
  /** What was tried (instruction and demo-set choices), as JSON. */
  candidate: unknown;
  /** Anything else worth showing: examples scored, errors, full or minibatch evaluation. */
  detail?: unknown;
}

/** Where a run sits in the listing order (newest first by `createdAt`, then by id). */
export interface RunPosition {
  createdAt: string;
  id: string;
}

export interface ListRunsOptions {
  /** At most this many runs, newest first; default 100. */
  limit?: number;
  status?: RunStatus;
  /**
   * Only runs listed after this one (older, or as old with a smaller id): the next page after
   * a page whose last run was `before`. Keyset paging, so runs created meanwhile shift nothing.
   */
  before?: RunPosition;
}

/**
 * Port: what a run keeps while it goes: its record, its trials, one result per job, and
 * counters. Every method is one conditional write or atomic update that DynamoDB can do
 * without transactions, so the SQLite, in-memory and DynamoDB adapters agree.
 *
 * Results are written at most once per (run, job): a redelivered job finds its result
 * stored and must not count twice.
 *
 * @example
 * await runs.putResultOnce("run-1", jobId, { score: 1 }); // false on a redelivery: fine
 * const { counted, value } = await runs.countOnce("run-1", "candidate-3:done", jobId);
 * if (counted && value === jobsOfCandidate) signalCandidateDone(); // exactly one worker sees this
 */
export interface RunStore {
  /** Stores `run` unless its id exists (then returns the stored one, unchanged). */
  createRun(run: RunRecord): Promise<{ created: boolean; run: RunRecord }>;
  getRun(runId: string): Promise<RunRecord | null>;
  /** Runs, newest first (by `createdAt`). */
  listRuns(options?: ListRunsOptions): Promise<RunRecord[]>;
  /**
   * Applies `patch` and returns the updated run, or null when `condition` does not hold.
   * Throws JudgeloopError `run_not_found` for an unknown run.
   */
  updateRun(runId: string, patch: RunPatch, condition?: RunCondition): Promise<RunRecord | null>;
  /** Stores a trial unless one with its (stage, index) exists, so a re-run step adds nothing. */
  appendTrial(runId: string, trial: TrialRecord): Promise<{ stored: boolean }>;
  /** Trials sorted by stage, then index. */
  listTrials(runId: string, options?: { stage?: string }): Promise<TrialRecord[]>;
  /** Stores the result of a job unless it already has one; `stored` says which happened. */
  putResultOnce(runId: string, jobId: string, result: unknown): Promise<{ stored: boolean }>;
  /** Stored results of the given jobs; jobs without one are absent from the map. */
  getResults(runId: string, jobIds: readonly string[]): Promise<Map<string, unknown>>;
  /** Adds `by` (default 1) to a counter that starts at 0 and returns the new value, atomically. */
  increment(runId: string, counter: string, by?: number): Promise<number>;
  /**
   * Adds 1 to `counter` unless `memberId` was counted in it before: an idempotent count (of
   * finished jobs, say) that a redelivered message cannot inflate, even one whose first
   * delivery stored its result and died before counting.
   */
  countOnce(runId: string, counter: string, memberId: string): Promise<{ counted: boolean; value: number }>;
  /** A counter's value; 0 when it was never incremented. */
  getCounter(runId: string, counter: string): Promise<number>;
}
