import type { Delivery, JobQueue, QueuedJob, RunStore } from "@judgeloop/core";
import { type JobRetryOptions, jobRetryDelayMs, summarizeJobError } from "./job-retry.ts";
import { Wakeup } from "./wakeup.ts";

/**
 * Runs one job and returns its result (JSON). Throwing means "try again later": the job is
 * retried with backoff and dead-lettered after the queue's `maxReceives`. A per-example failure
 * that retrying cannot fix should be returned as an error record instead (a failed record is
 * data).
 */
export type JobExecutor = (job: QueuedJob, context: { receiveCount: number }) => Promise<unknown>;

/** What became of one delivery. `stored` and `duplicate` mean the job has its result. */
export type JobSettlement = { runId: string; jobId: string } & (
  | { outcome: "stored" | "duplicate" | "skipped" }
  | { outcome: "retrying"; error: string; delayMs: number }
  | { outcome: "dead"; error: string }
);

export interface WorkerPoolOptions {
  queue: JobQueue;
  /** Where results go, once per job: the store the workflow driver reads. */
  results: RunStore;
  execute: JobExecutor;
  /** Jobs running at once; default 4. */
  concurrency?: number;
  /** How long a received job stays hidden from other workers; default 10 minutes. */
  visibilityTimeoutMs?: number;
  retry?: JobRetryOptions;
  /** Longest idle wait between polls of an empty queue; default 100 ms (`wake` ends it early). */
  idlePollMs?: number;
  /** A float in [0, 1) for backoff jitter; default Math.random. */
  random?: () => number;
}

/**
 * In-process workers draining a JobQueue: each receives one job at a time, skips it if its
 * result is already stored (a redelivery), runs it, stores the result with `putResultOnce`
 * and acks. A job that throws is failed back to the queue with backoff, so it is retried and,
 * after `maxReceives`, dead-lettered. A worker that loses contact with the queue or store
 * records the failure in `failure` and stops.
 *
 * @example
 * const pool = new WorkerPool({ queue, results: runs, execute: runJob, concurrency: 8 });
 * pool.start();
 * await queue.enqueueBatch(jobs);
 * pool.wake();
 */
export class WorkerPool {
  private readonly options: WorkerPoolOptions;
  private readonly wakeup = new Wakeup();
  private readonly listeners = new Set<(settlement: JobSettlement) => void>();
  private readonly skippedRuns = new Set<string>();
  private workers: Promise<void>[] = [];
  private running = false;
  private failed: unknown = undefined;

  constructor(options: WorkerPoolOptions) {
    this.options = options;
  }

  /** The systemic error that stopped a worker, if any. */
  get failure(): unknown {
    return this.failed;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the workers; does nothing if they are running. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.failed = undefined;
    const concurrency = Math.max(1, Math.floor(this.options.concurrency ?? 4));
    this.workers = Array.from({ length: concurrency }, () => this.work());
  }

  /** Stops taking jobs and resolves once every worker has finished its current one. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.wakeAll();
    await Promise.all(this.workers);
    this.workers = [];
  }

  /** Ends idle waits now: call after enqueueing. */
  wake(): void {
    this.wakeup.wakeAll();
  }

  /** From now on, jobs of `runId` are acked without running (a cancelled execution). */
  skipRun(runId: string): void {
    this.skippedRuns.add(runId);
  }

  /** Calls `listener` for every settled delivery; returns the unsubscribe function. */
  onSettled(listener: (settlement: JobSettlement) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async work(): Promise<void> {
    const visibilityTimeoutMs = this.options.visibilityTimeoutMs ?? 600_000;
    while (this.running) {
      try {
        const [delivery] = await this.options.queue.receive(1, visibilityTimeoutMs);
        if (delivery) await this.process(delivery);
        else await this.wakeup.wait(this.options.idlePollMs ?? 100);
      } catch (error) {
        this.failed ??= error;
        this.running = false;
        this.wakeup.wakeAll();
      }
    }
  }

  private async process(delivery: Delivery): Promise<void> {
    const { queue, results } = this.options;
    const { job, receipt } = delivery;
    if (this.skippedRuns.has(job.runId)) {
      await queue.ack(receipt);
      return this.emit({ runId: job.runId, jobId: job.id, outcome: "skipped" });
    }
    if ((await results.getResults(job.runId, [job.id])).has(job.id)) {
      await queue.ack(receipt);
      return this.emit({ runId: job.runId, jobId: job.id, outcome: "duplicate" });
    }
    let stored: boolean;
    try {
      const value = await this.options.execute(job, { receiveCount: delivery.receiveCount });
      stored = (await results.putResultOnce(job.runId, job.id, value)).stored;
    } catch (error) {
      return this.failBack(delivery, error);
    }
    await queue.ack(receipt);
    this.emit({ runId: job.runId, jobId: job.id, outcome: stored ? "stored" : "duplicate" });
  }

  private async failBack(delivery: Delivery, error: unknown): Promise<void> {
    const summary = summarizeJobError(error);
    const random = this.options.random ?? Math.random;
    const delayMs = jobRetryDelayMs(delivery.receiveCount, error, this.options.retry ?? {}, random);
    const { deadLettered } = await this.options.queue.fail(delivery.receipt, { retryDelayMs: delayMs, error: summary });
    const { runId, id: jobId } = delivery.job;
    if (deadLettered) this.emit({ runId, jobId, outcome: "dead", error: summary });
    else this.emit({ runId, jobId, outcome: "retrying", error: summary, delayMs });
    // A backoff shorter than the idle poll should not wait out a whole poll.
    if (!deadLettered && delayMs < (this.options.idlePollMs ?? 100)) setTimeout(() => this.wake(), delayMs + 1);
  }

  private emit(settlement: JobSettlement): void {
    for (const listener of this.listeners) {
      try {
        listener(settlement);
      } catch {
        // An observer's bug must not stop the workers: the job itself is settled.
      }
    }
  }
}
