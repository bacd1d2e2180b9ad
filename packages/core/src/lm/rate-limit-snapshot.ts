/** One budget a provider reports in its headers: how big it is, what is left, when it is full again. */
export interface RateLimitBudget {
  /** The allowance per rate-limit period (providers' periods are a minute). */
  limit?: number;
  remaining?: number;
  /** Milliseconds until the budget is fully replenished. */
  resetMs?: number;
}

/**
 * What a provider's response said about its rate limits (`x-ratelimit-*`, `anthropic-ratelimit-*`,
 * `retry-after`), in provider-neutral form. Success responses and errors may both carry one; the
 * rate limiter learns from it.
 *
 * @example
 * const snapshot: RateLimitSnapshot = { requests: { limit: 500, remaining: 499, resetMs: 120 } };
 */
export interface RateLimitSnapshot {
  requests?: RateLimitBudget;
  /** Input + output tokens (OpenAI's `-tokens`, Anthropic's `-tokens-`). */
  tokens?: RateLimitBudget;
  /** Milliseconds the provider asked to wait (429s and 503s). */
  retryAfterMs?: number;
}
