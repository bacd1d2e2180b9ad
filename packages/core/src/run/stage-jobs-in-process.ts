import { InMemoryJobQueue } from "../ports/memory/in-memory-job-queue.ts";
import type { RunStore } from "../ports/run-store.ts";
import type { StageJobsRequest } from "./stage-context.ts";
import { countStageJob, runStageJob, type StageJob } from "./stage-jobs.ts";

const visibilityTimeoutMs = 10 * 60_000;

/**
 * The run engine's own job runtime: a stage pass's jobs go on an in-process job queue and
 * `concurrency` workers drain it, each storing its job's record once (a job with a stored result
 * is acked without running) and counting it, as the SQS workers do on AWS. After a job is
 * refused by the budget, or once the run is cancelled, no further job starts: those keep no
 * result, and the pass reports them as not run (the refused job's record says why).
 *
 * @example
 * await runStageJobsInProcess(runs, { round, pass, jobs, lmFor, concurrency: 8, progress });
 */
export async function runStageJobsInProcess(runs: RunStore, request: StageJobsRequest): Promise<void> {
  const { round, jobs } = request;
  const queue = new InMemoryJobQueue();
  await queue.enqueueBatch(jobs.map((job) => ({ id: job.id, runId: round.runId, kind: job.kind, payload: job })));
  const tally = { done: 0, errors: 0, stopped: false };
  const worker = async () => {
    while (!tally.stopped && request.signal?.aborted !== true) {
      const [delivery] = await queue.receive(1, visibilityTimeoutMs);
      if (!delivery) return;
      const job = delivery.job.payload as StageJob;
      if (!(await runs.getResults(round.runId, [job.id])).has(job.id)) {
        const result = await runStageJob(job, request.pass, request.lmFor);
        const { record } = result;
        if (record.status === "not_run" && record.errorKind === "budget_exceeded") tally.stopped = true;
        if ((await runs.putResultOnce(round.runId, job.id, record)).stored) {
          await countStageJob(runs, round.runId, job, result);
        }
        if (record.status === "error") tally.errors++;
      }
      await queue.ack(delivery.receipt);
      tally.done++;
      request.progress(tally.done, jobs.length, tally.errors);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(request.concurrency, jobs.length)) }, worker));
}
