import { LMError, type LMErrorKind } from "../lm/errors.ts";
import type { RateLimitSnapshot } from "../lm/rate-limit-snapshot.ts";
import type { Usage } from "../lm/types.ts";

/** Which provider and model a call was for: everything an error message may name. */
export interface CallContext {
  provider: string;
  model: string;
}

/** An HTTP failure as a provider reported it, before it becomes an LMError. */
export interface HttpFailure extends CallContext {
  status: number;
  retryAfterMs?: number;
  /** The response's rate-limit headers, for the limiter to learn from. */
  rateLimit?: RateLimitSnapshot;
  /** The provider's machine-readable error code or type, e.g. `context_length_exceeded`. */
  code?: string;
  /**
   * The provider's human-readable explanation. Inspected for hints (context length, safety
   * blocks, invalid keys) and never copied into a message: providers sometimes quote the input.
   */
  detail?: string;
}

const contextWindowHints = [
  /context[_ ]length/i,
  /context window/i,
  /maximum context/i,
  /prompt is too long/i,
  /input is too long/i,
  /too many (input )?tokens/i,
  /exceeds the maximum number of tokens/i,
  /input token count .* exceeds/i,
  /reduce the length of the messages/i,
];

const contentFilterHints = [/content[_ ]filter/i, /content[_ ]policy/i, /safety (system|filter)/i, /responsible ?ai/i];

const invalidKeyHints = [/api[_ ]key[_ ]invalid/i, /api key not valid/i, /invalid[_ ]api[_ ]key/i];

const quotaCodes = new Set(["insufficient_quota", "billing_hard_limit_reached"]);

function matchesAny(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((pattern) => pattern.test(text));
}

/**
 * The LMError kind for an HTTP failure: 429 rate_limit (except an exhausted billing quota,
 * which no wait fixes), 408 timeout, 5xx and 529 server, 401/403 auth, 413 and
 * context-length 400s context_window, safety rejections content_filter, other 4xx bad_request.
 *
 * @example
 * httpFailureKind(400, "context_length_exceeded", undefined); // "context_window"
 */
export function httpFailureKind(status: number, code: string | undefined, detail: string | undefined): LMErrorKind {
  const hints = `${code ?? ""} ${detail ?? ""}`;
  if (status === 429) return code && quotaCodes.has(code) ? "bad_request" : "rate_limit";
  if (status === 408) return "timeout";
  if (status >= 500) return "server";
  if (status === 401 || status === 403) return "auth";
  if (matchesAny(hints, invalidKeyHints)) return "auth";
  if (status === 413 || matchesAny(hints, contextWindowHints)) return "context_window";
  if (matchesAny(hints, contentFilterHints)) return "content_filter";
  return "bad_request";
}

const kindDescriptions: Record<LMErrorKind, string> = {
  rate_limit: "rate limited",
  timeout: "timed out",
  server: "server error",
  auth: "authentication failed (check the API key and its permissions)",
  bad_request: "rejected the request",
  context_window: "input exceeds the model's context window",
  content_filter: "blocked by the provider's content filter",
  truncated: "stopped at the output token allowance (truncated)",
  parse: "returned an unreadable response",
  budget_exceeded: "budget exceeded",
  cancelled: "call cancelled",
  cache_miss: "cache miss",
};

/** Only identifier-like codes go into messages; anything else could carry request text. */
function safeCode(code: string | undefined): string | undefined {
  return code && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : undefined;
}

/**
 * An LMError for an HTTP failure. Its message names the provider, model, status and the
 * provider's error code only, never the prompt, the response body or the key. No `cause` is
 * attached for the same reason: SDK errors carry the response body.
 *
 * @example
 * lmErrorFromHttpFailure({ provider: "openai", model: "gpt-4o", status: 429, retryAfterMs: 2000 });
 * // LMError rate_limit: "openai gpt-4o: HTTP 429 rate limited; retry after 2000 ms"
 */
export function lmErrorFromHttpFailure(failure: HttpFailure): LMError {
  const kind = httpFailureKind(failure.status, failure.code, failure.detail);
  const code = safeCode(failure.code);
  const retryNote = failure.retryAfterMs === undefined ? "" : `; retry after ${Math.round(failure.retryAfterMs)} ms`;
  const notFound = failure.status === 404 ? " (does the model exist?)" : "";
  const message = `${failure.provider} ${failure.model}: HTTP ${failure.status} ${kindDescriptions[kind]}${notFound}${code ? ` [${code}]` : ""}${retryNote}`;
  return new LMError(kind, message, {
    provider: failure.provider,
    model: failure.model,
    status: failure.status,
    retryAfterMs: failure.retryAfterMs,
    ...(failure.rateLimit && { rateLimit: failure.rateLimit }),
  });
}

/**
 * An LMError for a failure that is not an HTTP status: `reason` must be our own wording
 * (never provider text), e.g. "no response within 30000 ms".
 *
 * @example
 * lmErrorFor("timeout", { provider: "gemini", model: "gemini-2.5-flash" }, "no response within 30000 ms");
 */
export function lmErrorFor(kind: LMErrorKind, context: CallContext, reason: string): LMError {
  return new LMError(kind, `${context.provider} ${context.model}: ${kindDescriptions[kind]}, ${reason}`, context);
}

/**
 * LMError `truncated`: the answer stopped at the output allowance. It carries the usage, since
 * the provider bills the tokens it produced; `reason` is our wording, e.g. "finish reason length".
 *
 * @example
 * truncatedError({ provider: "openai", model: "o4-mini" }, "finish reason length", usage);
 */
export function truncatedError(context: CallContext, reason: string, usage: Usage): LMError {
  return new LMError("truncated", `${context.provider} ${context.model}: ${kindDescriptions.truncated}, ${reason}`, {
    ...context,
    usage,
  });
}

/** The errno-style code (ECONNREFUSED, ENOTFOUND…) somewhere in an error's cause chain. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classifies what is left once a provider's HTTP errors are handled: a cancelled signal,
 * an abort or timeout from the transport, a network failure. Returns an LMError in every case
 * (unknown failures count as `server`, like `errorKindOf`).
 *
 * @example
 * transportLMError(new TypeError("fetch failed"), { provider: "gemini", model: "m" }, undefined, 30000);
 */
export function transportLMError(
  error: unknown,
  context: CallContext,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): LMError {
  if (error instanceof LMError) return error;
  if (signal?.aborted) return lmErrorFor("cancelled", context, "the caller aborted it");
  const name = error instanceof Error ? error.name : "";
  if (name === "AbortError" || name === "TimeoutError") {
    return lmErrorFor("timeout", context, `no response within ${timeoutMs} ms`);
  }
  const code = networkErrorCode(error);
  if (code === "ETIMEDOUT") return lmErrorFor("timeout", context, `connection timed out (${code})`);
  return lmErrorFor("server", context, code ? `connection failed (${code})` : "the request failed before a response");
}
