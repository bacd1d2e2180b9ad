import { isRetryable, LMError } from "./errors.ts";
import { type LM, type LMRequest, type LMResponse, wrapLM } from "./types.ts";

/** Waits `ms`; may wake early when `signal` aborts (callers re-check the signal). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryOptions {
  /** Attempts for timeouts and 5xx, the first included; default 5. Rate limits count against `rateLimitDeadlineMs` instead. */
  maxAttempts?: number;
  /**
   * A 429 is retried until this many milliseconds have passed since the call began; default
   * 5 minutes. An example is lost to rate limiting only if the provider refuses for that long.
   */
  rateLimitDeadlineMs?: number;
  /** Cap on the jittered wait between rate-limit retries (the limiter paces them); default 2 s. */
  rateLimitMaxDelayMs?: number;
  /** Ceiling of the first retry's jittered wait; doubles each retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap on the jittered wait (a provider's retry-after may ask for longer). Default 30 s. */
  maxDelayMs?: number;
  /** A provider asking to wait longer than this (a daily quota, say) fails at once. Default 120 s. */
  maxRetryAfterMs?: number;
  sleep?: Sleep;
  /** A float in [0, 1); default Math.random (jitter needs no reproducibility). */
  random?: () => number;
  /** Milliseconds, for the rate-limit deadline; default Date.now. */
  now?: () => number;
  /** Told about each retry before its wait, e.g. to count 429s. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  error: LMError;
}

const defaults = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  rateLimitDeadlineMs: 300_000,
  rateLimitMaxDelayMs: 2000,
};

/** The default of `RetryOptions.rateLimitDeadlineMs`: five minutes. */
export const defaultRateLimitDeadlineMs = defaults.rateLimitDeadlineMs;

/**
 * Sleeps on a real timer and wakes early when the signal aborts.
 *
 * @example
 * await abortableSleep(100, controller.signal);
 */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal?.addEventListener("abort", wake, { once: true });
  });

/**
 * The wait before retry number `retry` (from 1): exponential backoff with full jitter,
 * `random() * min(maxDelayMs, baseDelayMs * 2^(retry-1))`, but never less than the
 * `retryAfterMs` the provider asked for.
 *
 * @example
 * backoffDelayMs(3, error, { baseDelayMs: 500, maxDelayMs: 30_000, random: () => 0.5 }); // 1000, or error.retryAfterMs if larger
 */
export function backoffDelayMs(
  retry: number,
  error: unknown,
  options: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  const jittered = options.random() * ceiling;
  const asked = error instanceof LMError ? (error.retryAfterMs ?? 0) : 0;
  return Math.max(jittered, asked);
}

/**
 * Wraps `lm` so retryable failures are retried with `backoffDelayMs`: timeouts and 5xx up to
 * `maxAttempts` in all; rate limits (429) for as long as `rateLimitDeadlineMs` allows, counted
 * from the first attempt, with short jittered waits (the rate limiter underneath pauses and
 * paces everyone). Anything else, and a retry-after beyond `maxRetryAfterMs` or the deadline, is
 * thrown at once. Aborting the request's signal ends a wait promptly with LMError `cancelled`.
 * Put it outside `withRateLimit`, so each attempt queues for the limiter again.
 *
 * @example
 * const lm = withRetry(withRateLimit(provider, registry), { maxAttempts: 4, rateLimitDeadlineMs: 600_000 });
 */
export function withRetry(lm: LM, options: RetryOptions = {}): LM {
  const settings = retrySettings(options);
  async function call(request: LMRequest): Promise<LMResponse> {
    const started = settings.now();
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      throwIfCancelled(lm.model, request.signal);
      try {
        return await lm.call(request);
      } catch (error) {
        throwIfCancelled(lm.model, request.signal);
        if (!isRetryable(error) || !(error instanceof LMError)) throw error;
        const rateLimited = error.kind === "rate_limit";
        if (!rateLimited) failures++;
        const delayMs = retryDelayMs(error, attempt, settings);
        const elapsed = settings.now() - started;
        if (rateLimited ? elapsed + delayMs > settings.rateLimitDeadlineMs : failures >= settings.maxAttempts) {
          throw error;
        }
        if ((error.retryAfterMs ?? 0) > settings.maxRetryAfterMs) throw error;
        options.onRetry?.({ attempt, delayMs, error });
        await sleepUnlessCancelled(lm.model, delayMs, request.signal, settings.sleep);
      }
    }
  }
  return wrapLM(lm, call);
}

type RetrySettings = Required<Omit<RetryOptions, "onRetry">>;

function retrySettings(options: RetryOptions): RetrySettings {
  return {
    maxAttempts: options.maxAttempts ?? defaults.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? defaults.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? defaults.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? defaults.maxRetryAfterMs,
    rateLimitDeadlineMs: options.rateLimitDeadlineMs ?? defaults.rateLimitDeadlineMs,
    rateLimitMaxDelayMs: options.rateLimitMaxDelayMs ?? defaults.rateLimitMaxDelayMs,
    sleep: options.sleep ?? abortableSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}

/** The wait before retry number `retry`: rate limits back off only up to `rateLimitMaxDelayMs`. */
function retryDelayMs(error: LMError, retry: number, settings: RetrySettings): number {
  const cap = error.kind === "rate_limit" ? settings.rateLimitMaxDelayMs : settings.maxDelayMs;
  return backoffDelayMs(retry, error, { ...settings, maxDelayMs: cap });
}

/**
 * The `cancelled` LMError for a model string like `openai/gpt-4o`.
 *
 * @example
 * throw cancelledError("openai/gpt-4o", "while waiting to retry");
 */
export function cancelledError(model: string, when: string): LMError {
  const slash = model.indexOf("/");
  const provider = slash > 0 ? model.slice(0, slash) : model;
  return new LMError("cancelled", `${model}: call cancelled ${when}`, { provider, model });
}

function throwIfCancelled(model: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError(model, "by the caller");
}

/** Races an injected sleep (which may ignore the signal) against the abort. */
async function sleepUnlessCancelled(
  model: string,
  ms: number,
  signal: AbortSignal | undefined,
  sleep: Sleep,
): Promise<void> {
  if (!signal) return sleep(ms);
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms, signal), aborted]);
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  throwIfCancelled(model, signal);
}
