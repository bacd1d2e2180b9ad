import { type Delivery, JudgeloopError, type MiproJob, runMiproJob } from "@judgeloop/core";
import { settleDeadJob, summarizeError } from "./dead-jobs.ts";
import type { WorkerDeps } from "./deps.ts";
import { jobPayloadSchema, settleJob } from "./rounds.ts";

/** How one delivery ended: `ran` (result stored now) or `redelivered` (it had one already). */
export type JobOutcome = "ran" | "redelivered";

/**
 * Runs one job delivered by SQS and settles it: the result is written once (a redelivered job
 * whose result is stored is not run again), the job is counted once towards its round, and the
 * worker that settles the round's last job sends the round's task token. A systemic failure
 * (the store, a job that cannot run) throws so SQS delivers the record again; on its last
 * allowed receive the job is first settled as an error and reported on the run, then thrown
 * so SQS moves it to the dead-letter queue.
 *
 * @example
 * const outcome = await processJob(deps, await deliveryFromRecord(record, artifacts));
 */
export async function processJob(deps: WorkerDeps, delivery: Delivery): Promise<JobOutcome> {
  const { runId } = delivery.job;
  const parsed = jobPayloadSchema.safeParse(delivery.job.payload);
  if (!parsed.success) {
    throw new JudgeloopError("bad_job_message", `job ${delivery.job.id} has no MIPRO job and round in its payload`);
  }
  const { job, round } = parsed.data;
  const stored = await deps.runStore.getResults(runId, [job.id]);
  let outcome: JobOutcome = "redelivered";
  if (!stored.has(job.id)) {
    try {
      const result = await runMiproJob(job as unknown as MiproJob, await deps.jobContext(runId));
      await deps.runStore.putResultOnce(runId, job.id, result);
      outcome = "ran";
    } catch (error) {
      if (delivery.receiveCount < deps.maxReceives) throw error;
      await settleDeadJob(deps, runId, job, round, summarizeError(error));
      throw error;
    }
  }
  await settleJob(deps, runId, job.id, round);
  return outcome;
}
