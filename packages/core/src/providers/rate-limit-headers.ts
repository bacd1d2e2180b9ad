import type { RateLimitBudget, RateLimitSnapshot } from "../lm/rate-limit-snapshot.ts";
import { type HeaderSource, parseDuration, parseRetryAfterValue, retryAfterMsFromHeaders } from "./retry-after.ts";

interface BudgetHeaders {
  limit: string;
  remaining: string;
  reset: string;
  /** OpenAI sends the time to reset as a duration ("6m0s"), Anthropic as an RFC 3339 instant. */
  resetFormat: "duration" | "timestamp";
}

const openAI = (budget: string): BudgetHeaders => ({
  limit: `x-ratelimit-limit-${budget}`,
  remaining: `x-ratelimit-remaining-${budget}`,
  reset: `x-ratelimit-reset-${budget}`,
  resetFormat: "duration",
});

const anthropic = (budget: string): BudgetHeaders => ({
  limit: `anthropic-ratelimit-${budget}-limit`,
  remaining: `anthropic-ratelimit-${budget}-remaining`,
  reset: `anthropic-ratelimit-${budget}-reset`,
  resetFormat: "timestamp",
});

function count(headers: HeaderSource, name: string): number | undefined {
  const raw = headers.get(name)?.trim();
  if (raw === undefined || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
  return Number(raw);
}

function budgetFrom(headers: HeaderSource, names: BudgetHeaders, nowMs: number): RateLimitBudget | undefined {
  const budget: RateLimitBudget = {};
  const limit = count(headers, names.limit);
  const remaining = count(headers, names.remaining);
  const rawReset = headers.get(names.reset);
  const resetMs =
    rawReset === null
      ? undefined
      : names.resetFormat === "duration"
        ? parseDuration(rawReset)
        : parseRetryAfterValue(rawReset, nowMs);
  if (limit !== undefined) budget.limit = limit;
  if (remaining !== undefined) budget.remaining = remaining;
  if (resetMs !== undefined) budget.resetMs = resetMs;
  return Object.keys(budget).length > 0 ? budget : undefined;
}

/**
 * The rate-limit state a response's headers report, in provider-neutral form: OpenAI's (and most
 * OpenAI-compatible servers') `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`,
 * Anthropic's `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}`, and the wait of
 * `retry-after-ms` / `retry-after`. Undefined when the headers say nothing about limits.
 *
 * @example
 * rateLimitSnapshotFromHeaders(new Headers({ "x-ratelimit-limit-requests": "500", "x-ratelimit-reset-requests": "120ms" }), Date.now());
 * // { requests: { limit: 500, resetMs: 120 } }
 */
export function rateLimitSnapshotFromHeaders(
  headers: HeaderSource | undefined,
  nowMs: number,
): RateLimitSnapshot | undefined {
  if (!headers) return undefined;
  const snapshot: RateLimitSnapshot = {};
  const requests = budgetFrom(headers, openAI("requests"), nowMs) ?? budgetFrom(headers, anthropic("requests"), nowMs);
  const tokens = budgetFrom(headers, openAI("tokens"), nowMs) ?? budgetFrom(headers, anthropic("tokens"), nowMs);
  const asksToWait = headers.get("retry-after-ms") !== null || headers.get("retry-after") !== null;
  const retryAfterMs = asksToWait ? retryAfterMsFromHeaders(headers, nowMs) : undefined;
  if (requests) snapshot.requests = requests;
  if (tokens) snapshot.tokens = tokens;
  if (retryAfterMs !== undefined) snapshot.retryAfterMs = retryAfterMs;
  return Object.keys(snapshot).length > 0 ? snapshot : undefined;
}
