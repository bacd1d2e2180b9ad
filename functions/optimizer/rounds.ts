import { getJson, JudgeloopError, type MiproJob, putJson, type QueuedJob, type StageJob } from "@judgeloop/core";
import { z } from "zod";
import type { OptimizerDeps } from "./deps.ts";
import { optimizerKeys, roundCounter } from "./keys.ts";

/** A job of a round: an optimizer job (MIPRO's or GEPA's) or a stage job; both carry their id and kind. */
export type RoundJob = MiproJob | StageJob;

/** Which round a job belongs to, carried in its message so the worker can count it. */
export interface RoundRef {
  step: number;
  total: number;
}

/** A round as S3 keeps it: the token its Dispatch waits on (the latest attempt's). */
export interface RoundRecord extends RoundRef {
  runId: string;
  taskToken: string;
  attempt: number;
}

/** The payload of a job message: the self-contained job (a MIPRO job, or a stage pass's) and its round. */
export const jobPayloadSchema = z.object({
  job: z.looseObject({
    id: z.string().min(1),
    kind: z.enum(["trace", "summarize", "propose", "reflect", "evaluate", "stage"]),
  }),
  round: z.object({ step: z.number().int().min(0), total: z.number().int().min(1) }),
});

const roundRecordSchema = z.object({
  runId: z.string(),
  step: z.number().int(),
  total: z.number().int(),
  taskToken: z.string().min(1),
  attempt: z.number().int(),
});

/**
 * The queue messages of some of a round's jobs: one per job, keyed by the job's id.
 *
 * @example
 * await queue.enqueueBatch(queuedJobsOf("run-1", { step: 4, total: jobs.length }, jobs));
 */
export function queuedJobsOf(runId: string, round: RoundRef, jobs: readonly RoundJob[]): QueuedJob[] {
  return jobs.map((job) => ({ id: job.id, runId, kind: job.kind, payload: { job, round } }));
}

/**
 * The jobs Suggest wrote for a round.
 *
 * @example
 * const jobs = await loadRoundJobs(artifacts, cursor.jobsKey);
 */
export async function loadRoundJobs(deps: Pick<OptimizerDeps, "artifacts">, jobsKey: string): Promise<RoundJob[]> {
  const jobs = await getJson(deps.artifacts, jobsKey);
  if (!Array.isArray(jobs)) throw new JudgeloopError("missing_artifact", `no round jobs at ${jobsKey}`);
  return jobs as RoundJob[];
}

/**
 * Stores the token the round's current Dispatch attempt waits on. Written before any job is
 * enqueued and before the completion check, so whoever settles the round last reads a token
 * no older than the attempt that is waiting.
 *
 * @example
 * await saveRound(deps, { runId, step: 4, total: 24, taskToken, attempt: 0 });
 */
export async function saveRound(deps: Pick<OptimizerDeps, "artifacts">, round: RoundRecord): Promise<void> {
  await putJson(deps.artifacts, optimizerKeys.round(round.runId, round.step), round);
}

/**
 * Counts a settled job of a round once (a redelivered job cannot count twice) and, when the
 * round is complete, sends the round's task token. Every settler of a complete round sends it
 * (Step Functions takes the first; a late duplicate is tolerated), so a worker that died
 * between counting and sending cannot strand the round.
 *
 * @example
 * const { complete } = await settleJob(deps, "run-1", jobId, { step: 4, total: 24 });
 */
export async function settleJob(
  deps: OptimizerDeps,
  runId: string,
  jobId: string,
  round: RoundRef,
): Promise<{ counted: boolean; complete: boolean }> {
  const { counted, value } = await deps.runStore.countOnce(runId, roundCounter(round.step), jobId);
  const complete = value >= round.total;
  if (complete) await sendRoundToken(deps, runId, round.step);
  return { counted, complete };
}

/**
 * Sends the stored token of a round with `{runId, step}` as the task's output; false when no
 * Dispatch has stored one yet or the task no longer waits.
 *
 * @example
 * await sendRoundToken(deps, "run-1", 4);
 */
export async function sendRoundToken(deps: OptimizerDeps, runId: string, step: number): Promise<boolean> {
  const parsed = roundRecordSchema.safeParse(await getJson(deps.artifacts, optimizerKeys.round(runId, step)));
  if (!parsed.success) return false;
  const { sent } = await deps.tokens.sendSuccess(parsed.data.taskToken, { runId, step });
  return sent;
}

/**
 * Whether every job of the round has been counted as settled.
 *
 * @example
 * if (await roundComplete(deps, runId, round)) await sendRoundToken(deps, runId, round.step);
 */
export async function roundComplete(deps: OptimizerDeps, runId: string, round: RoundRef): Promise<boolean> {
  return (await deps.runStore.getCounter(runId, roundCounter(round.step))) >= round.total;
}
