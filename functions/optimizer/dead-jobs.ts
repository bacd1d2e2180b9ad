import { type EvaluationRecord, emptyUsage, JudgeloopError, type MiproJobResult } from "@judgeloop/core";
import type { OptimizerDeps } from "./deps.ts";
import { type RoundJob, type RoundRef, settleJob } from "./rounds.ts";

/** The code a run's error record has when one of its jobs was dead-lettered. */
export const deadLetteredCode = "job_dead_lettered";

/**
 * The result a job that failed for good stands in with: an error record (never a score of 0),
 * so the optimizer moves on instead of waiting for it.
 *
 * @example
 * failedJobResult(job, "bad_program_state: ...").status; // "error"
 */
export function failedJobResult(job: RoundJob, error: string): MiproJobResult | EvaluationRecord {
  const accounting = { calls: 0, usage: emptyUsage(), costUsd: 0, latencyMs: 0 };
  const failure = { errorKind: "dead_letter", errorMessage: `the job failed for good: ${error}` };
  if (job.kind === "stage") {
    const { example, index } = job;
    const base = { exampleId: example.id, index, status: "error" as const, inputs: {}, outputs: null, score: null };
    return { ...base, errorKind: "exception", errorMessage: failure.errorMessage, ...accounting, simulated: false };
  }
  if (job.kind === "summarize" || job.kind === "propose" || job.kind === "reflect") {
    return { jobId: job.id, kind: job.kind, status: "error", text: null, ...failure, ...accounting };
  }
  const kind = job.kind === "trace" ? "trace" : "evaluate";
  return { jobId: job.id, kind, status: "error", score: null, ...failure, ...accounting };
}

/**
 * Settles a job that will not run again (its last receive failed, or it sits in the
 * dead-letter queue): stores its error result, reports it on the run once, and counts it
 * towards its round, sending the round's token if it was the last.
 *
 * @example
 * await settleDeadJob(deps, runId, job, round, "bad_program_state: state has no predictor");
 */
export async function settleDeadJob(
  deps: OptimizerDeps,
  runId: string,
  job: RoundJob,
  round: RoundRef,
  error: string,
): Promise<void> {
  const { stored } = await deps.runStore.putResultOnce(runId, job.id, failedJobResult(job, error));
  if (stored) {
    const message = `job ${job.id} (${job.kind}) was dead-lettered: ${error}`.slice(0, 500);
    const at = deps.now().toISOString();
    await deps.runStore.updateRun(runId, {
      updatedAt: at,
      addErrors: [
        { at, code: deadLetteredCode, message, stage: job.kind === "stage" ? job.stage : "optimize", jobId: job.id },
      ],
    });
  }
  await settleJob(deps, runId, job.id, round);
}

/**
 * A one-line summary of why a job failed: an error's code and message, never its stack, a
 * prompt or a body (JudgeloopErrors keep those out of their messages).
 *
 * @example
 * summarizeError(new JudgeloopError("bad_program_state", "state has no predictor `judge`"));
 */
export function summarizeError(error: unknown): string {
  if (error instanceof JudgeloopError) return `${error.code}: ${error.message}`.slice(0, 300);
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return "unknown error";
}
