import { putJson } from "@judgeloop/core";
import type { Cursor, RoundCursor } from "./cursor.ts";
import type { OptimizerDeps } from "./deps.ts";
import { optimizerKeys } from "./keys.ts";
import { kindOfState } from "./optimizer-kind.ts";
import { roundWaitSeconds } from "./round-wait.ts";
import { loadState } from "./state-store.ts";

/**
 * Writes the full jobs the state waits for (rebuilt from its compact specs) to S3, so Dispatch
 * and Sweep read them by key, and starts the round's first attempt, with its Dispatch wait sized
 * by the queue's backlog and the round's jobs.
 *
 * @example
 * const round = await suggestJobs(deps, cursor); // { ...cursor, jobsKey, jobCount: 24, attempt: 0 }
 */
export async function suggestJobs(deps: OptimizerDeps, cursor: Cursor): Promise<RoundCursor> {
  const state = await loadState(deps.artifacts, cursor.stateKey);
  const jobs = kindOfState(state).pendingJobs(state);
  const jobsKey = optimizerKeys.jobs(cursor.runId, cursor.step);
  await putJson(deps.artifacts, jobsKey, jobs);
  const { runId, step, stateKey, phase, next, done } = cursor;
  const dispatchWaitSeconds = await roundWaitSeconds(deps, jobs.length);
  return { runId, step, stateKey, phase, next, done, jobsKey, jobCount: jobs.length, attempt: 0, dispatchWaitSeconds };
}
