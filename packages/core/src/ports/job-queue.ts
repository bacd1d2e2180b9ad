/**
 * One unit of work: one program call on one example. `id` is stable across retries and
 * re-runs (a hash of run, step, candidate and example), and results are stored under it.
 */
export interface QueuedJob {
  id: string;
  /** The run (or workflow execution) whose results the job writes. */
  runId: string;
  /** What the executor should do: "generate", "judge", "bootstrap", ... */
  kind: string;
  /** The job's input, as JSON. */
  payload: unknown;
}

/** A job handed to one consumer until it is acked, failed, or its visibility timeout passes. */
export interface Delivery {
  job: QueuedJob;
  /** Names this delivery; a redelivery gets a new one. */
  receipt: string;
  /** How many times the job has been received, this time included (from 1). */
  receiveCount: number;
}

/** A job that failed `maxReceives` times and will not be delivered again. */
export interface DeadLetter {
  job: QueuedJob;
  receiveCount: number;
  /** The last failure's summary (code and message, never a prompt), or null when a consumer died. */
  error: string | null;
  /** Epoch milliseconds at which it was dead-lettered. */
  deadAt: number;
}

export interface FailOptions {
  /** How long the job stays hidden before its next delivery: the backoff. */
  retryDelayMs: number;
  /** A one-line summary of why; no prompts, bodies or keys. */
  error: string;
}

/**
 * Port: an at-least-once job queue with the semantics of SQS plus a redrive policy, so the
 * embedded queue and SqsJobQueue are interchangeable:
 *
 * - a received job is hidden for `visibilityTimeoutMs`; unless acked by then, it is delivered
 *   again (a crashed consumer loses nothing);
 * - `fail` hides it for a backoff instead; a job received `maxReceives` times (an adapter
 *   setting) without an ack is dead-lettered instead of delivered again;
 * - delivery order is not guaranteed, and a job may be delivered more than once, so consumers
 *   store results with `RunStore.putResultOnce`. Adapters may drop an enqueued job whose id is
 *   already waiting in the same run (the embedded ones do; SQS standard queues do not).
 *
 * @example
 * await queue.enqueueBatch(jobs);
 * for (const delivery of await queue.receive(10, 60_000)) {
 *   try { await handle(delivery.job); await queue.ack(delivery.receipt); }
 *   catch (error) { await queue.fail(delivery.receipt, { retryDelayMs: 1000, error: summary(error) }); }
 * }
 */
export interface JobQueue {
  enqueueBatch(jobs: readonly QueuedJob[]): Promise<void>;
  /** Up to `max` (1-10) visible jobs, each hidden from other consumers for `visibilityTimeoutMs`. */
  receive(max: number, visibilityTimeoutMs: number): Promise<Delivery[]>;
  /** Removes a delivered job for good. A receipt that is no longer current may be ignored. */
  ack(receipt: string): Promise<void>;
  /**
   * Makes a delivered job visible again after `retryDelayMs`, or dead-letters it if it has
   * been received `maxReceives` times (`deadLettered: true`; it will not be delivered again and
   * appears in `listDeadLetters` at the latest after the next `receive`).
   */
  fail(receipt: string, options: FailOptions): Promise<{ deadLettered: boolean }>;
  /** Dead letters, of one run or of all. */
  listDeadLetters(runId?: string): Promise<DeadLetter[]>;
  /**
   * Optional: makes jobs held by consumers known to be dead visible at once (returns how many),
   * instead of waiting out their visibility timeout. The embedded queue can tell, by process id;
   * SQS cannot, and relies on the timeout.
   */
  recoverAbandoned?(): Promise<number>;
}
