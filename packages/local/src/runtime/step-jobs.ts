import { type JobOutcome, type JobQueue, JudgeloopError, type RunStore, type StepJob } from "@judgeloop/core";
import type { Wakeup } from "./wakeup.ts";
import type { WorkerPool } from "./worker-pool.ts";

export interface StepJobsContext {
  executionId: string;
  results: RunStore;
  queue: JobQueue;
  pool: WorkerPool;
  /** Longest wait between re-reads of the store (jobs settled by another process show up then). */
  pollMs: number;
  /** Ends the wait early, e.g. when the execution is cancelled. */
  wakeup: Wakeup;
  /** True ends the wait; `thorough` is set on poll timeouts, when a slower check is affordable. */
  isCancelled: (thorough: boolean) => Promise<boolean>;
}

/**
 * Runs a step's jobs to the end and returns their outcomes in job order, or null if the
 * execution is cancelled meanwhile. Jobs that already have a stored result or a dead letter
 * are not enqueued again, so a resumed step re-runs only unfinished jobs.
 *
 * @example
 * const outcomes = await settleStepJobs(context, checkpoint.jobs);
 */
export async function settleStepJobs(context: StepJobsContext, jobs: readonly StepJob[]): Promise<JobOutcome[] | null> {
  const outcomes = new OutcomeCollector(context, jobs);
  const ids = jobs.map((job) => job.id);
  await outcomes.collect(ids, true);
  const missing = jobs.filter((job) => !outcomes.has(job.id));
  if (missing.length === 0) return outcomes.inOrder(ids);

  const touched = new Set<string>();
  const { wakeup } = context;
  let deadSeen = false;
  const unsubscribe = context.pool.onSettled((settlement) => {
    if (settlement.runId !== context.executionId || settlement.outcome === "retrying") return;
    if (settlement.outcome === "dead") deadSeen = true;
    touched.add(settlement.jobId);
    wakeup.wakeAll();
  });
  try {
    await context.queue.enqueueBatch(missing.map((job) => ({ ...job, runId: context.executionId })));
    context.pool.start();
    context.pool.wake();
    while (outcomes.size < ids.length) {
      if (touched.size === 0) await wakeup.wait(context.pollMs);
      throwIfPoolFailed(context.pool);
      const timedOut = touched.size === 0;
      if (await context.isCancelled(timedOut)) return null;
      const batch = timedOut ? outcomes.pending(ids) : [...touched];
      touched.clear();
      await outcomes.collect(batch, timedOut || deadSeen);
      deadSeen = false;
    }
  } finally {
    unsubscribe();
  }
  return outcomes.inOrder(ids);
}

class OutcomeCollector {
  private readonly context: StepJobsContext;
  private readonly kinds: Map<string, string>;
  private readonly found = new Map<string, JobOutcome>();

  constructor(context: StepJobsContext, jobs: readonly StepJob[]) {
    this.context = context;
    this.kinds = new Map(jobs.map((job) => [job.id, job.kind]));
  }

  get size(): number {
    return this.found.size;
  }

  has(jobId: string): boolean {
    return this.found.has(jobId);
  }

  pending(ids: readonly string[]): string[] {
    return ids.filter((id) => !this.found.has(id));
  }

  /** Looks up stored results (and, when asked, dead letters) of those `ids` still open. */
  async collect(ids: readonly string[], withDeadLetters: boolean): Promise<void> {
    const open = this.pending(ids);
    if (open.length === 0) return;
    const { executionId, results, queue } = this.context;
    for (const [jobId, value] of await results.getResults(executionId, open)) {
      this.found.set(jobId, { jobId, kind: this.kindOf(jobId), ok: true, value });
    }
    if (!withDeadLetters) return;
    const wanted = new Set(this.pending(open));
    for (const letter of await queue.listDeadLetters(executionId)) {
      if (!wanted.has(letter.job.id)) continue;
      const error = letter.error ?? `dead-lettered after ${letter.receiveCount} receives without an ack`;
      this.found.set(letter.job.id, { jobId: letter.job.id, kind: this.kindOf(letter.job.id), ok: false, error });
    }
  }

  inOrder(ids: readonly string[]): JobOutcome[] {
    return ids.flatMap((id) => {
      const outcome = this.found.get(id);
      return outcome ? [outcome] : [];
    });
  }

  private kindOf(jobId: string): string {
    return this.kinds.get(jobId) ?? "";
  }
}

function throwIfPoolFailed(pool: WorkerPool): void {
  if (pool.failure === undefined) return;
  throw new JudgeloopError("worker_pool_failed", "the worker pool stopped: it lost its queue or store", {
    cause: pool.failure,
  });
}
