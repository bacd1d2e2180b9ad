/** A job a step asks for; the driver adds the execution id as the job's run id. */
export interface StepJob {
  /** Unique within the execution and the same when the step is computed again. */
  id: string;
  kind: string;
  payload: unknown;
}

/**
 * How one job of the previous step ended: its stored result, or the failure that dead-lettered
 * it (a machine that needs a result for every job maps that to its own error record).
 */
export type JobOutcome = { jobId: string; kind: string } & (
  | { ok: true; value: unknown }
  | { ok: false; error: string }
);

/** What a step returns: the next state and the jobs to run before the next step. */
export interface StepOutput<S> {
  state: S;
  jobs: StepJob[];
  /** True when the workflow has finished; `jobs` must then be empty. */
  done?: boolean;
  /** The workflow's result when `done`, as JSON. */
  result?: unknown;
}

/**
 * A workflow as a pure step function over JSON state: given the state and the outcomes of the
 * jobs the previous step asked for (in the order it asked), it returns the next state and the
 * next jobs. The first call gets the initial state and no outcomes. Pure and deterministic, so
 * any step can be stopped, stored and computed again elsewhere with the same result.
 *
 * @example
 * const step: StepMachine<CountState> = (state, outcomes) =>
 *   state.left === 0 ? { state, jobs: [], done: true, result: state.total }
 *     : { state: { ...state, left: state.left - 1 }, jobs: [{ id: `j${state.left}`, kind: "add", payload: state.left }] };
 */
export type StepMachine<S> = (state: S, outcomes: JobOutcome[]) => StepOutput<S> | Promise<StepOutput<S>>;

export type WorkflowStatusName = "running" | "succeeded" | "failed" | "cancelled";

/** Where an execution stands; `step` counts completed steps. */
export interface WorkflowStatus {
  executionId: string;
  status: WorkflowStatusName;
  step: number;
  /** Jobs of the current step not yet settled (stored or dead-lettered) when last saved. */
  pendingJobs: number;
  result?: unknown;
  error?: { code: string; message: string };
}

/**
 * What the local driver saves after every step (the AWS driver keeps the same shape in S3):
 * enough to continue on another process or machine.
 */
export interface WorkflowCheckpoint<S = unknown> {
  executionId: string;
  status: WorkflowStatusName;
  step: number;
  state: S;
  /** The jobs the last step asked for; the next step runs once all have settled. */
  jobs: StepJob[];
  result?: unknown;
  error?: { code: string; message: string };
}

/**
 * Port: runs a StepMachine execution to its end: locally in-process (LocalWorkflowDriver), on
 * AWS as a Step Functions execution (SfnWorkflowDriver). Executions are named by the caller,
 * which makes `start` idempotent.
 *
 * @example
 * await driver.start("run-1.judge-optimize", initialState);
 * const final = await driver.wait("run-1.judge-optimize");
 * if (final.status === "succeeded") use(final.result);
 */
export interface WorkflowDriver {
  /** Starts an execution; if one with this id exists, returns its status and starts nothing. */
  start(executionId: string, input: unknown): Promise<WorkflowStatus>;
  /** Continues an interrupted execution from its last checkpoint, re-running only unfinished jobs. */
  resume(executionId: string): Promise<WorkflowStatus>;
  /** Asks the execution to stop; jobs already running may finish, no further step runs. */
  cancel(executionId: string): Promise<WorkflowStatus | null>;
  status(executionId: string): Promise<WorkflowStatus | null>;
  /** Settles when the execution is no longer advancing here (ended, or not being driven). */
  wait(executionId: string): Promise<WorkflowStatus>;
}

/**
 * The status an execution's checkpoint reports.
 *
 * @example
 * statusOfCheckpoint(checkpoint, 12).pendingJobs; // 12
 */
export function statusOfCheckpoint(checkpoint: WorkflowCheckpoint, pendingJobs: number): WorkflowStatus {
  const status: WorkflowStatus = {
    executionId: checkpoint.executionId,
    status: checkpoint.status,
    step: checkpoint.step,
    pendingJobs,
  };
  if (checkpoint.result !== undefined) status.result = checkpoint.result;
  if (checkpoint.error !== undefined) status.error = checkpoint.error;
  return status;
}
