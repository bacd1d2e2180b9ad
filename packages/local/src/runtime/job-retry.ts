import { JudgeloopError, LMError } from "@judgeloop/core";

export interface JobRetryOptions {
  /** Ceiling of the first retry's wait; doubles with each receive. Default 1 s. */
  baseDelayMs?: number;
  /** Cap on the wait (a provider's retry-after may ask for longer). Default 60 s. */
  maxDelayMs?: number;
}

/**
 * How long a failed job stays hidden before its next delivery: exponential in the number of
 * receives with jitter (half fixed, half random, so it never collapses to 0 and workers that
 * failed together spread out), and never less than the retry-after an LMError carries.
 *
 * @example
 * jobRetryDelayMs(3, error, { baseDelayMs: 1000, maxDelayMs: 60_000 }, () => 0.5); // 3000
 */
export function jobRetryDelayMs(
  receiveCount: number,
  error: unknown,
  options: JobRetryOptions,
  random: () => number,
): number {
  const base = options.baseDelayMs ?? 1000;
  const ceiling = Math.min(options.maxDelayMs ?? 60_000, base * 2 ** Math.max(0, receiveCount - 1));
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  const asked = error instanceof LMError ? (error.retryAfterMs ?? 0) : 0;
  return Math.round(Math.max(jittered, asked));
}

/**
 * A one-line summary of a job failure for the dead-letter store: the error's code or name and
 * its message, shortened. judgeloop's own errors never carry prompts or keys.
 *
 * @example
 * summarizeJobError(new LMError("server", "openai returned 503", { provider: "openai" })); // "lm_server: openai returned 503"
 */
export function summarizeJobError(error: unknown): string {
  let summary: string;
  if (error instanceof JudgeloopError) summary = `${error.code}: ${error.message}`;
  else if (error instanceof Error) summary = `${error.name}: ${error.message}`;
  else summary = `thrown: ${String(error)}`;
  const firstLine = summary.split("\n")[0] ?? summary;
  return firstLine.length > 300 ? `${firstLine.slice(0, 299)}…` : firstLine;
}
