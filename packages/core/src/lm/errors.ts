import { JudgeloopError } from "../errors.ts";
import type { RateLimitSnapshot } from "./rate-limit-snapshot.ts";
import type { Usage } from "./types.ts";

/** Every way an LM call can fail, as one closed set. */
export type LMErrorKind =
  | "rate_limit"
  | "timeout"
  | "server"
  | "auth"
  | "bad_request"
  | "context_window"
  | "content_filter"
  /** The answer hit the output allowance (finish_reason length, stop_reason max_tokens, MAX_TOKENS). */
  | "truncated"
  | "parse"
  | "budget_exceeded"
  | "cancelled"
  | "cache_miss";

const retryableKinds: ReadonlySet<LMErrorKind> = new Set(["rate_limit", "timeout", "server"]);

export interface LMErrorOptions {
  provider: string;
  model?: string;
  status?: number;
  /** Milliseconds the provider asked us to wait before retrying. */
  retryAfterMs?: number;
  /**
   * Tokens the failed call still consumed (a truncated answer is billed in full), so the budget
   * layer books what was spent instead of releasing the reservation.
   */
  usage?: Usage;
  /** What the failed response's headers said about the provider's rate limits. */
  rateLimit?: RateLimitSnapshot;
  cause?: unknown;
}

/**
 * An LM call failure. Messages name the provider, model and status, never the prompt or key.
 *
 * @example
 * throw new LMError("rate_limit", "openai returned 429", { provider: "openai", status: 429, retryAfterMs: 2000 });
 */
export class LMError extends JudgeloopError {
  readonly kind: LMErrorKind;
  readonly provider: string;
  readonly model: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly usage: Usage | undefined;
  readonly rateLimit: RateLimitSnapshot | undefined;

  constructor(kind: LMErrorKind, message: string, options: LMErrorOptions) {
    super(`lm_${kind}`, message, { cause: options.cause });
    this.name = "LMError";
    this.kind = kind;
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.usage = options.usage;
    this.rateLimit = options.rateLimit;
  }
}

/** True for failures worth retrying with backoff: rate limits, timeouts and 5xx. */
export function isRetryable(error: unknown): boolean {
  return error instanceof LMError && retryableKinds.has(error.kind);
}

/** The error kind of anything thrown during a call; unknown errors count as `server`. */
export function errorKindOf(error: unknown): LMErrorKind {
  if (error instanceof LMError) return error.kind;
  if (error instanceof Error && error.name === "AbortError") return "cancelled";
  return "server";
}
