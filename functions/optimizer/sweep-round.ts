import { JudgeloopError } from "@judgeloop/core";
import type { JobRound } from "./cursor.ts";
import { settleDeadJob } from "./dead-jobs.ts";
import type { OptimizerDeps } from "./deps.ts";
import { maxStalledSweeps, nextSweepProgress, roundStuck } from "./round-sizing.ts";
import { roundWaitSeconds } from "./round-wait.ts";
import { loadRoundJobs, queuedJobsOf } from "./rounds.ts";

/**
 * Re-drives a round (an optimizer step's or a stage pass's) whose Dispatch timed out: jobs in the dead-letter queue are settled as
 * errors (and reported on the run); jobs with neither a result nor a dead letter are enqueued
 * again (a duplicate of one still in flight is harmless: results are written once). Returns the
 * cursor of the next attempt, which Dispatch waits on with a fresh token.
 *
 * A round is stuck (`round_stuck`) only after `maxStalledSweeps` sweeps in a row found no more
 * completed jobs than the one before: a round that waits its turn behind other runs' jobs keeps
 * completing some and is swept as often as it takes.
 *
 * @example
 * const next = await sweepRound(deps, round, queueUrl); // next.attempt === round.attempt + 1
 */
export async function sweepRound<R extends JobRound>(
  deps: OptimizerDeps,
  round: R,
  queueUrl?: string,
): Promise<R & { redriven: number; deadLettered: number }> {
  const { runId, step, jobCount: total } = round;
  const jobs = await loadRoundJobs(deps, round.jobsKey);
  const stored = await deps.runStore.getResults(
    runId,
    jobs.map((job) => job.id),
  );
  const previous =
    round.completedAtSweep === undefined
      ? undefined
      : { completed: round.completedAtSweep, stalledSweeps: round.stalledSweeps ?? 0 };
  const progress = nextSweepProgress(previous, stored.size);
  if (roundStuck(progress)) {
    throw new JudgeloopError(
      "round_stuck",
      `step ${step} of run ${runId} completed no job in ${maxStalledSweeps} sweeps in a row (${stored.size} of ${total} done)`,
    );
  }
  const missing = jobs.filter((job) => !stored.has(job.id));
  const queue = deps.queueFor(queueUrl);
  const letters = missing.length === 0 ? [] : await queue.listDeadLetters(runId);
  const dead = new Map(letters.map((letter) => [letter.job.id, letter]));
  let deadLettered = 0;
  for (const job of missing) {
    const letter = dead.get(job.id);
    if (!letter) continue;
    const error = letter.error ?? `dead-lettered after ${letter.receiveCount} receives without an ack`;
    await settleDeadJob(deps, runId, job, { step, total }, error);
    deadLettered++;
  }
  const redrive = missing.filter((job) => !dead.has(job.id));
  // Sized before the re-enqueue: the backlog then holds other runs' jobs (and any of ours still queued).
  const dispatchWaitSeconds = await roundWaitSeconds(deps, redrive.length, queueUrl);
  await queue.enqueueBatch(queuedJobsOf(runId, { step, total }, redrive));
  return {
    ...round,
    attempt: round.attempt + 1,
    completedAtSweep: progress.completed,
    stalledSweeps: progress.stalledSweeps,
    dispatchWaitSeconds,
    redriven: redrive.length,
    deadLettered,
  };
}
