import type { JobRound } from "./cursor.ts";
import type { OptimizerDeps } from "./deps.ts";
import { loadRoundJobs, queuedJobsOf, roundComplete, saveRound, sendRoundToken } from "./rounds.ts";

export interface DispatchInput {
  round: JobRound;
  taskToken: string;
  queueUrl?: string;
}

/**
 * Starts (or, after a sweep, resumes waiting on) a round: stores the token this attempt waits
 * on, enqueues the jobs that have no result yet (first attempt only: a sweep re-enqueues what
 * it must), then sends the token itself if the round is already complete, which closes the race
 * with a worker that settled the last job under an earlier, timed-out token.
 *
 * @example
 * await dispatchRound(deps, { round, taskToken, queueUrl });
 */
export async function dispatchRound(
  deps: OptimizerDeps,
  input: DispatchInput,
): Promise<{ enqueued: number; complete: boolean }> {
  const { round, taskToken } = input;
  const { runId, step, jobCount: total, attempt } = round;
  await saveRound(deps, { runId, step, total, taskToken, attempt });
  let enqueued = 0;
  if (attempt === 0 && total > 0) {
    const jobs = await loadRoundJobs(deps, round.jobsKey);
    const stored = await deps.runStore.getResults(
      runId,
      jobs.map((job) => job.id),
    );
    const open = jobs.filter((job) => !stored.has(job.id));
    await deps.queueFor(input.queueUrl).enqueueBatch(queuedJobsOf(runId, { step, total }, open));
    enqueued = open.length;
  }
  // After a sweep the stored results decide too: a count a crashed worker left one short
  // (countOnce's two writes) must not hold a round whose every job has its result.
  const complete =
    total === 0 ||
    (await roundComplete(deps, runId, { step, total })) ||
    (attempt > 0 && (await allResultsStored(deps, runId, round.jobsKey)));
  if (complete) await sendRoundToken(deps, runId, step);
  return { enqueued, complete };
}

async function allResultsStored(deps: OptimizerDeps, runId: string, jobsKey: string): Promise<boolean> {
  const ids = (await loadRoundJobs(deps, jobsKey)).map((job) => job.id);
  return (await deps.runStore.getResults(runId, ids)).size === ids.length;
}
