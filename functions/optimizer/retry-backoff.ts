import { JudgeloopError } from "@judgeloop/core";

/**
 * How long a failed job stays hidden before SQS delivers it again. Without this a failed job
 * waits out the queue's whole visibility timeout (6 × the worker timeout, 720 s by default)
 * although most failures (a provider's 429 or 5xx, a throttled table) clear in seconds.
 */
export interface RetryBackoff {
  /** The first retry's delay (`JUDGELOOP_RETRY_BASE_SECONDS`); each later receive doubles it. */
  baseSeconds: number;
  /** The longest delay (`JUDGELOOP_RETRY_MAX_SECONDS`); at most SQS's 12-hour visibility maximum. */
  maxSeconds: number;
}

/** 10 s, 20 s, 40 s, 80 s before the 5th receive dead-letters a job: minutes, not 4 × 720 s. */
export const defaultRetryBackoff: RetryBackoff = { baseSeconds: 10, maxSeconds: 300 };

/** SQS's largest VisibilityTimeout (ChangeMessageVisibility): 12 hours. */
export const sqsMaxVisibilitySeconds = 12 * 60 * 60;

/**
 * The backoff figures from the environment, each named when malformed. Read per failure, not
 * once per container, so a test can set them as a deployment would.
 *
 * @example
 * readRetryBackoff({ JUDGELOOP_RETRY_BASE_SECONDS: "2" }); // { baseSeconds: 2, maxSeconds: 300 }
 */
export function readRetryBackoff(env: Readonly<Record<string, string | undefined>>): RetryBackoff {
  const read = (name: string, fallback: number): number => {
    const text = env[name]?.trim();
    if (text === undefined || text === "") return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > sqsMaxVisibilitySeconds) {
      throw new JudgeloopError(
        "bad_setting",
        `${name} must be a whole number from 1 to ${sqsMaxVisibilitySeconds}, got "${text}"`,
      );
    }
    return value;
  };
  const baseSeconds = read("JUDGELOOP_RETRY_BASE_SECONDS", defaultRetryBackoff.baseSeconds);
  const maxSeconds = read("JUDGELOOP_RETRY_MAX_SECONDS", defaultRetryBackoff.maxSeconds);
  if (baseSeconds > maxSeconds) {
    throw new JudgeloopError(
      "bad_setting",
      `JUDGELOOP_RETRY_BASE_SECONDS (${baseSeconds}) is above JUDGELOOP_RETRY_MAX_SECONDS (${maxSeconds})`,
    );
  }
  return { baseSeconds, maxSeconds };
}

/**
 * The delay before the next delivery of a job that failed on its receive number `receiveCount`
 * (SQS's ApproximateReceiveCount, 1 on the first): `base × 2^(receiveCount − 1)`, capped, with
 * "equal jitter" (half of it fixed, half random) so jobs that failed together, say at a
 * provider's rate limit, do not all come back in the same second, yet none comes back at once.
 *
 * @example
 * retryDelaySeconds(3, { baseSeconds: 10, maxSeconds: 300 }, () => 0.5); // 30: of 40 s, 20 fixed + 10 of jitter
 */
export function retryDelaySeconds(
  receiveCount: number,
  backoff: RetryBackoff,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(receiveCount) || receiveCount < 1) {
    throw new JudgeloopError("bad_retry", `receiveCount must be a whole number >= 1, got ${receiveCount}`);
  }
  const full = Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** Math.min(receiveCount - 1, 30));
  return Math.max(1, Math.ceil(full / 2 + random() * (full / 2)));
}
