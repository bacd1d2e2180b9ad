import {
  type ArtifactStore,
  checkStoreKey,
  type JobQueue,
  JudgeloopError,
  type RunStore,
  type StepMachine,
  type StepOutput,
  statusOfCheckpoint,
  type WorkflowCheckpoint,
  type WorkflowDriver,
  type WorkflowStatus,
} from "@judgeloop/core";
import { CheckpointStore } from "./checkpoints.ts";
import { summarizeJobError } from "./job-retry.ts";
import { settleStepJobs } from "./step-jobs.ts";
import { Wakeup } from "./wakeup.ts";
import type { WorkerPool } from "./worker-pool.ts";

export interface LocalWorkflowDriverOptions<S> {
  step: StepMachine<S>;
  /** The initial state from `start`'s input; default: the input is the state. */
  init?: (input: unknown) => S;
  /** Where checkpoints go, one per execution, rewritten after every step. */
  artifacts: ArtifactStore;
  /** Where job results are stored: the same store the pool writes to. */
  results: RunStore;
  queue: JobQueue;
  /** Workers draining `queue`; the driver starts them when a step has jobs. */
  pool: WorkerPool;
  /** Artifact key prefix of checkpoints; default "workflows". */
  prefix?: string;
  /** Longest wait between re-reads of results and cancel requests; default 500 ms. */
  pollMs?: number;
  /** ISO-8601 time for cancel requests; default the system clock. */
  now?: () => string;
  /** Told after every saved step. */
  onStep?: (status: WorkflowStatus) => void;
}

/**
 * Drives StepMachine executions in this process: runs each step's jobs through the JobQueue
 * and the WorkerPool, feeds their outcomes to the next step, and saves a checkpoint to the
 * ArtifactStore after every step. After a crash, `resume` continues from the last checkpoint:
 * the step's jobs that have stored results are not run again, and a step computed twice
 * asks for the same jobs because the machine is pure.
 *
 * @example
 * const driver = new LocalWorkflowDriver({ step: miproStep, artifacts, results: runs, queue, pool });
 * await driver.start("run-1.generator-optimize", initialState);
 * const final = await driver.wait("run-1.generator-optimize");
 */
export class LocalWorkflowDriver<S> implements WorkflowDriver {
  private readonly options: LocalWorkflowDriverOptions<S>;
  private readonly checkpoints: CheckpointStore<S>;
  private readonly active = new Map<string, Promise<WorkflowStatus>>();
  private readonly cancelling = new Set<string>();
  private readonly wakeup = new Wakeup();

  constructor(options: LocalWorkflowDriverOptions<S>) {
    this.options = options;
    this.checkpoints = new CheckpointStore<S>(options.artifacts, options.prefix);
  }

  async start(executionId: string, input: unknown): Promise<WorkflowStatus> {
    this.checkpoints.check(executionId);
    const existing = await this.checkpoints.load(executionId);
    if (existing) return this.statusOf(existing);
    const state = this.options.init ? this.options.init(input) : (input as S);
    const checkpoint: WorkflowCheckpoint<S> = { executionId, status: "running", step: 0, state, jobs: [] };
    await this.checkpoints.save(checkpoint);
    this.launch(executionId);
    return statusOfCheckpoint(checkpoint, 0);
  }

  async resume(executionId: string): Promise<WorkflowStatus> {
    const checkpoint = await this.requireCheckpoint(executionId);
    if (checkpoint.status !== "running" || this.active.has(executionId)) return this.statusOf(checkpoint);
    await this.options.queue.recoverAbandoned?.();
    this.launch(executionId);
    return this.statusOf(checkpoint);
  }

  async cancel(executionId: string): Promise<WorkflowStatus | null> {
    this.checkpoints.check(executionId);
    const checkpoint = await this.checkpoints.load(executionId);
    if (!checkpoint) return null;
    if (checkpoint.status !== "running") return this.statusOf(checkpoint);
    await this.checkpoints.requestCancel(executionId, (this.options.now ?? isoNow)());
    this.markCancelling(executionId);
    const driving = this.active.get(executionId);
    if (driving) return driving;
    return this.finish(checkpoint, { status: "cancelled" });
  }

  async status(executionId: string): Promise<WorkflowStatus | null> {
    this.checkpoints.check(executionId);
    const checkpoint = await this.checkpoints.load(executionId);
    return checkpoint ? this.statusOf(checkpoint) : null;
  }

  /** Settles when the execution ends, or at once with its status when this process is not driving it. */
  async wait(executionId: string): Promise<WorkflowStatus> {
    return this.active.get(executionId) ?? this.statusOf(await this.requireCheckpoint(executionId));
  }

  /**
   * Runs exactly one step of an execution not being driven right now: settles the current
   * jobs, computes the next step, saves the checkpoint. For tests and step-by-step debugging.
   */
  async advance(executionId: string): Promise<WorkflowStatus> {
    if (this.active.has(executionId)) {
      throw new JudgeloopError("execution_busy", `execution ${executionId} is already being driven`);
    }
    return this.stepOnce(await this.requireCheckpoint(executionId));
  }

  private launch(executionId: string): void {
    const driving = this.drive(executionId);
    this.active.set(executionId, driving);
    // Callers of wait() see a failure; nobody waiting must not make it an unhandled rejection.
    driving.catch(() => undefined).finally(() => this.active.delete(executionId));
  }

  private async drive(executionId: string): Promise<WorkflowStatus> {
    let status: WorkflowStatus;
    do {
      status = await this.stepOnce(await this.requireCheckpoint(executionId));
    } while (status.status === "running");
    return status;
  }

  private async stepOnce(checkpoint: WorkflowCheckpoint<S>): Promise<WorkflowStatus> {
    const { executionId } = checkpoint;
    if (checkpoint.status !== "running") return this.statusOf(checkpoint);
    if (await this.isCancelled(executionId, true)) return this.finish(checkpoint, { status: "cancelled" });
    const outcomes = await settleStepJobs(
      {
        executionId,
        results: this.options.results,
        queue: this.options.queue,
        pool: this.options.pool,
        pollMs: this.options.pollMs ?? 500,
        wakeup: this.wakeup,
        isCancelled: (thorough) => this.isCancelled(executionId, thorough),
      },
      checkpoint.jobs,
    );
    if (outcomes === null) return this.finish(checkpoint, { status: "cancelled" });
    let output: StepOutput<S>;
    try {
      output = await this.options.step(checkpoint.state, outcomes);
      checkStepOutput(output);
    } catch (error) {
      return this.finish(checkpoint, { status: "failed", error: errorInfo(error) });
    }
    const next: WorkflowCheckpoint<S> = {
      executionId,
      status: output.done ? "succeeded" : "running",
      step: checkpoint.step + 1,
      state: output.state,
      jobs: output.jobs,
    };
    if (output.result !== undefined) next.result = output.result;
    if (!output.done && (await this.isCancelled(executionId, true))) next.status = "cancelled";
    await this.checkpoints.save(next);
    const status = statusOfCheckpoint(next, next.status === "running" ? next.jobs.length : 0);
    this.options.onStep?.(status);
    return status;
  }

  private async finish(
    checkpoint: WorkflowCheckpoint<S>,
    end: Pick<WorkflowCheckpoint<S>, "status" | "error">,
  ): Promise<WorkflowStatus> {
    const ended: WorkflowCheckpoint<S> = { ...checkpoint, ...end };
    await this.checkpoints.save(ended);
    const status = statusOfCheckpoint(ended, 0);
    this.options.onStep?.(status);
    return status;
  }

  private async isCancelled(executionId: string, thorough: boolean): Promise<boolean> {
    if (this.cancelling.has(executionId)) return true;
    if (!thorough || !(await this.checkpoints.cancelRequested(executionId))) return false;
    this.markCancelling(executionId);
    return true;
  }

  private markCancelling(executionId: string): void {
    this.cancelling.add(executionId);
    this.options.pool.skipRun(executionId);
    this.options.pool.wake();
    this.wakeup.wakeAll();
  }

  private async statusOf(checkpoint: WorkflowCheckpoint<S>): Promise<WorkflowStatus> {
    if (checkpoint.status !== "running" || checkpoint.jobs.length === 0) return statusOfCheckpoint(checkpoint, 0);
    const ids = checkpoint.jobs.map((job) => job.id);
    const stored = await this.options.results.getResults(checkpoint.executionId, ids);
    return statusOfCheckpoint(checkpoint, ids.length - stored.size);
  }

  private async requireCheckpoint(executionId: string): Promise<WorkflowCheckpoint<S>> {
    this.checkpoints.check(executionId);
    const checkpoint = await this.checkpoints.load(executionId);
    if (!checkpoint) throw new JudgeloopError("unknown_execution", `no workflow execution ${executionId} exists`);
    return checkpoint;
  }
}

function checkStepOutput<S>(output: StepOutput<S>): void {
  if (output.done && output.jobs.length > 0) {
    throw new JudgeloopError("bad_step_output", "a step that is done must not ask for jobs");
  }
  const seen = new Set<string>();
  for (const job of output.jobs) {
    checkStoreKey("job.id", job.id);
    if (seen.has(job.id)) throw new JudgeloopError("bad_step_output", `the step asked for job ${job.id} twice`);
    seen.add(job.id);
  }
}

function errorInfo(error: unknown): { code: string; message: string } {
  if (error instanceof JudgeloopError) return { code: error.code, message: error.message };
  return { code: "step_failed", message: summarizeJobError(error) };
}

function isoNow(): string {
  return new Date().toISOString();
}
