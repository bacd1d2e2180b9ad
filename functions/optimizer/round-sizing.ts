import { JudgeloopError } from "@judgeloop/core";

/**
 * How long a round's Dispatch should wait, and when its sweeps may call it stuck, sized by the
 * work the round has to wait for. A fixed wait fails a round that only waits its turn: with 50
 * runs sharing ~100 worker slots, the jobs ahead of it in the queue take the slots first.
 */

/** The shortest Dispatch wait: below it a cold start or one slow job would already time out. */
export const dispatchWaitFloorSeconds = 60;

/**
 * The longest wait a Task state may be given: a Standard workflow runs at most one year
 * (Step Functions quotas, "Maximum execution time: 1 year"), so no task can wait longer.
 */
export const stepFunctionsMaxWaitSeconds = 365 * 24 * 60 * 60;

/** Sweeps in a row without one more completed job before a round counts as stuck. */
export const maxStalledSweeps = 5;

/** What a round waits for when it is dispatched. */
export interface RoundWorkload {
  /** The round's own jobs. */
  jobs: number;
  /** Messages already waiting in the queue (SQS ApproximateNumberOfMessages at dispatch). */
  backlogAhead: number;
  /** Expected seconds one job holds a worker slot. */
  secondsPerJob: number;
  /** Jobs the workers run at once (the worker function's concurrency bound). */
  workerConcurrency: number;
}

export interface WaitBounds {
  floorSeconds?: number;
  maxSeconds?: number;
  /** Headroom over the expected drain time: estimates are averages, a slow job is not a stuck one. */
  slack?: number;
}

/**
 * The Dispatch wait in whole seconds: the time the workers need to drain the backlog ahead of
 * the round and then the round itself, `ceil((backlog + jobs) / concurrency)` waves of
 * `secondsPerJob`, times the slack, clamped to [floor, Step Functions maximum].
 *
 * @example
 * dispatchWaitSeconds({ jobs: 30, backlogAhead: 4_970, secondsPerJob: 20, workerConcurrency: 100 }); // 2_000
 */
export function dispatchWaitSeconds(workload: RoundWorkload, bounds: WaitBounds = {}): number {
  checkCount("jobs", workload.jobs);
  checkCount("backlogAhead", workload.backlogAhead);
  checkPositive("secondsPerJob", workload.secondsPerJob);
  checkPositive("workerConcurrency", workload.workerConcurrency);
  const floor = bounds.floorSeconds ?? dispatchWaitFloorSeconds;
  const max = bounds.maxSeconds ?? stepFunctionsMaxWaitSeconds;
  const slack = bounds.slack ?? 2;
  checkPositive("floorSeconds", floor);
  checkPositive("maxSeconds", max);
  checkPositive("slack", slack);
  if (floor > max) throw new JudgeloopError("bad_round_sizing", `floorSeconds ${floor} is above maxSeconds ${max}`);
  const waves = Math.ceil((workload.backlogAhead + workload.jobs) / workload.workerConcurrency);
  const expected = Math.ceil(waves * workload.secondsPerJob * slack);
  return Math.min(max, Math.max(floor, expected));
}

/** What a sweep carries from one sweep of a round to the next. */
export interface SweepProgress {
  /** Completed jobs of the round at the last sweep. */
  completed: number;
  /** Sweeps in a row that found no more completed jobs than the one before. */
  stalledSweeps: number;
}

/**
 * The progress after a sweep that found `completed` jobs done: a sweep that saw the count grow
 * resets the stall count, one that did not adds one. The first sweep compares with zero.
 *
 * @example
 * nextSweepProgress({ completed: 10, stalledSweeps: 2 }, 14); // { completed: 14, stalledSweeps: 0 }
 */
export function nextSweepProgress(previous: SweepProgress | undefined, completed: number): SweepProgress {
  checkCount("completed", completed);
  const before = previous ?? { completed: 0, stalledSweeps: 0 };
  if (completed > before.completed) return { completed, stalledSweeps: 0 };
  return { completed: before.completed, stalledSweeps: before.stalledSweeps + 1 };
}

/**
 * Whether a round is stuck: only K sweeps in a row without progress make it so; a round that
 * keeps completing jobs while it waits its turn is never stuck, however many sweeps it takes.
 *
 * @example
 * roundStuck({ completed: 0, stalledSweeps: 5 }); // true
 */
export function roundStuck(progress: SweepProgress, limit: number = maxStalledSweeps): boolean {
  return progress.stalledSweeps >= limit;
}

/**
 * Whether a sweep should enqueue a round's missing jobs again: only when the queue cannot still
 * hold them, i.e. it is empty (nothing waiting or in flight), or the round is past its sized
 * deadline (its messages must have been lost). While the round waits its turn behind others'
 * jobs a re-enqueue would only add duplicates to the backlog.
 *
 * @example
 * shouldRedrive({ queued: 4_000, pastDeadline: false }); // false
 */
export function shouldRedrive(state: { queued: number; pastDeadline: boolean }): boolean {
  checkCount("queued", state.queued);
  return state.queued === 0 || state.pastDeadline;
}

function checkCount(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new JudgeloopError("bad_round_sizing", `${field} must be a whole number >= 0, got ${value}`);
  }
}

function checkPositive(field: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new JudgeloopError("bad_round_sizing", `${field} must be a number > 0, got ${value}`);
  }
}
