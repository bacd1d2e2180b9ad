import {
  countStageJob,
  type Delivery,
  isStageJob,
  JudgeloopError,
  type MiproJob,
  runMiproJob,
  runStageJob,
} from "@judgeloop/core";
import { settleDeadJob, summarizeError } from "./dead-jobs.ts";
import type { WorkerDeps } from "./deps.ts";
import { jobPayloadSchema, type RoundJob, settleJob } from "./rounds.ts";

/** How one delivery ended: `ran` (result stored now) or `redelivered` (it had one already). */
export type JobOutcome = "ran" | "redelivered";

/**
 * Runs one job delivered by SQS (an optimizer job, or one example of a pipeline stage pass) and settles it: the result is written once (a redelivered job
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
    throw new JudgeloopError("bad_job_message", `job ${delivery.job.id} has no job and round in its payload`);
  }
  const { job, round } = parsed.data;
  const stored = await deps.runStore.getResults(runId, [job.id]);
  let outcome: JobOutcome = "redelivered";
  if (!stored.has(job.id)) {
    try {
      await runAndStore(deps, runId, job);
      outcome = "ran";
    } catch (error) {
      if (delivery.receiveCount < deps.maxReceives) throw error;
      await settleDeadJob(deps, runId, job as unknown as RoundJob, round, summarizeError(error));
      throw error;
    }
  }
  await settleJob(deps, runId, job.id, round);
  return outcome;
}

/** Runs a job and stores its result once; a stage job that stored its result is counted on its stage. */
async function runAndStore(deps: WorkerDeps, runId: string, job: { id: string; kind: string }): Promise<void> {
  if (isStageJob(job)) {
    const context = await deps.stageJobContext(runId);
    const result = await runStageJob(job, await context.pass(job.passKey), context.lmFor);
    const { stored } = await deps.runStore.putResultOnce(runId, job.id, result.record);
    if (stored) await countStageJob(deps.runStore, runId, job, result);
    return;
  }
  const result = await runMiproJob(job as unknown as MiproJob, await deps.jobContext(runId));
  await deps.runStore.putResultOnce(runId, job.id, result);
}
