import type { BudgetLedger } from "./budget.ts";
import { type CacheMode, type CacheStore, withCache } from "./cache.ts";
import { defaultPrices, type PriceTable, withCost } from "./prices.ts";
import { type RetryOptions, withRetry } from "./retry.ts";
import type { LM } from "./types.ts";
import { type BudgetOptions, withBudget } from "./with-budget.ts";
import { type RateLimiterRegistry, type WithRateLimitOptions, withRateLimit } from "./with-rate-limit.ts";
import { type TruncationRetryOptions, withTruncationRetry } from "./with-truncation-retry.ts";

export interface CreateLMDeps {
  /** Builds the bare provider LM for a `provider/model` string (real SDK client or simulator). */
  providerFactory: (model: string) => LM;
  /** Content-addressed cache; absent means no caching. */
  cache?: { store: CacheStore; mode: CacheMode };
  /** Run ledger and limits; absent means costs are reported but not capped. */
  budget?: { ledger: BudgetLedger } & Omit<BudgetOptions, "prices">;
  /** Price table for costs and reservations; default `defaultPrices`. */
  prices?: PriceTable;
  /** Retry settings; default `withRetry`'s defaults; `false` turns retries off. */
  retry?: RetryOptions | false;
  /**
   * Rate limits for this model, enforced by the process-wide registry so every LM for the same
   * model shares one limiter; absent means no limiter.
   */
  rateLimit?: { registry: RateLimiterRegistry } & WithRateLimitOptions;
  /** The one doubled-allowance retry of a truncated answer; default on; `false` turns it off. */
  truncationRetry?: TruncationRetryOptions | false;
}

/**
 * Builds the LM for `model` with every cross-cutting concern layered in one fixed order,
 * outermost first:
 *
 *   cache( truncationRetry( budget( retry( rateLimit( provider ) ) ) ) )
 *
 * - cache outermost: a hit costs nothing, reserves no budget and takes no rate-limit slot;
 *   in-flight de-duplication also happens before any money is reserved. Truncated answers
 *   are errors, so they are never stored.
 * - truncationRetry outside budget: the doubled-allowance retry of a truncated answer reserves
 *   its own worst case (it is made only within the cap), and the truncated attempt is booked.
 * - budget outside retry: one reservation covers the call and all its retries, and is
 *   reconciled once to the usage of the attempt that succeeded (released if all fail).
 * - retry outside rateLimit: every attempt, first or retried, waits for its own limiter slot,
 *   so retries cannot burst past the provider's limits.
 *
 * @example
 * const lm = createLM("openai/gpt-4o-mini", {
 *   providerFactory: createProviderLM,
 *   cache: { store: new MemoryCacheStore(), mode: "read-write" },
 *   budget: { ledger: new MemoryBudgetLedger(), runId: "run-1", capUsd: 5 },
 *   rateLimit: { registry, rpm: 500, tpm: 200_000 },
 * });
 */
export function createLM(model: string, deps: CreateLMDeps): LM {
  const prices = deps.prices ?? defaultPrices;
  let lm = deps.providerFactory(model);
  if (deps.rateLimit) {
    const { registry, ...limits } = deps.rateLimit;
    lm = withRateLimit(lm, registry, limits);
  }
  if (deps.retry !== false) lm = withRetry(lm, deps.retry ?? {});
  if (deps.budget) {
    const { ledger, ...options } = deps.budget;
    lm = withBudget(lm, ledger, { ...options, prices });
  } else {
    lm = withCost(lm, prices);
  }
  if (deps.truncationRetry !== false) lm = withTruncationRetry(lm, deps.truncationRetry ?? {});
  if (deps.cache) lm = withCache(lm, deps.cache.store, { mode: deps.cache.mode });
  return lm;
}
