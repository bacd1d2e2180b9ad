import { JudgeloopError } from "../errors.ts";
import type { FailOptions, QueuedJob } from "./job-queue.ts";
import { toJsonText } from "./json.ts";
import { checkRunId, checkStoreKey } from "./run-record.ts";

/** Receives before a job is dead-lettered when an adapter is given no `maxReceives`. */
export const defaultMaxReceives = 5;

/** The most jobs one `receive` returns (SQS's limit, kept everywhere so adapters agree). */
export const maxReceiveBatch = 10;

/**
 * Checks every job of a batch and returns each one's JSON body, so an adapter can store the
 * batch all or nothing.
 *
 * @example
 * const bodies = jobBodies(jobs); // throws before anything is enqueued
 */
export function jobBodies(jobs: readonly QueuedJob[]): string[] {
  return jobs.map((job, position) => {
    checkRunId(job.runId);
    checkStoreKey("job.id", job.id);
    if (typeof job.kind !== "string" || job.kind.length === 0) {
      throw new JudgeloopError("bad_job", `job ${job.id} (batch position ${position}) has no kind`);
    }
    return toJsonText({ id: job.id, runId: job.runId, kind: job.kind, payload: job.payload }, `job ${job.id}`);
  });
}

/**
 * Throws unless `receive(max, visibilityTimeoutMs)` asks for 1-10 jobs and a positive timeout.
 *
 * @example
 * checkReceive(10, 60_000); // ok
 */
export function checkReceive(max: number, visibilityTimeoutMs: number): void {
  if (!Number.isInteger(max) || max < 1 || max > maxReceiveBatch) {
    throw new JudgeloopError(
      "bad_receive",
      `receive: max must be a whole number from 1 to ${maxReceiveBatch}, got ${max}`,
    );
  }
  checkDelay("visibilityTimeoutMs", visibilityTimeoutMs);
}

/** Throws unless a fail's backoff is a finite, non-negative number of milliseconds. */
export function checkFailOptions(options: FailOptions): void {
  checkDelay("retryDelayMs", options.retryDelayMs);
}

/** Throws unless `maxReceives` (an adapter setting) is a whole number ≥ 1. */
export function checkMaxReceives(maxReceives: number): void {
  if (!Number.isInteger(maxReceives) || maxReceives < 1) {
    throw new JudgeloopError("bad_queue_option", `maxReceives must be a whole number ≥ 1, got ${maxReceives}`);
  }
}

function checkDelay(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new JudgeloopError("bad_receive", `${name} must be a finite number of milliseconds ≥ 0, got ${ms}`);
  }
}
