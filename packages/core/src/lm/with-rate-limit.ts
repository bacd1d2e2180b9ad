import { RateLimiter, type RateLimiterDeps, type RateLimits } from "./rate-limiter.ts";
import { type LM, type LMRequest, type LMResponse, wrapLM } from "./types.ts";

/**
 * The limiter key of an LM: its endpoint (base URL) and `provider/model`, so two servers that
 * answer to the same model name never share limits, and every LM for the same model on the same
 * endpoint does.
 *
 * @example
 * rateLimitKey({ model: "openai/gpt-4o-mini", endpoint: "https://api.openai.com/v1" }); // "https://api.openai.com/v1 openai/gpt-4o-mini"
 */
export function rateLimitKey(lm: Pick<LM, "model" | "endpoint">): string {
  return lm.endpoint === undefined ? lm.model : `${lm.endpoint} ${lm.model}`;
}

/**
 * One RateLimiter per key (see `rateLimitKey`), so everything in a process that calls the same
 * model on the same endpoint shares its limits, including what the limiter learned. A second
 * caller's limits tighten the shared limiter.
 *
 * @example
 * const registry = new RateLimiterRegistry();
 * registry.limiterFor("openai/gpt-4o-mini", { rpm: 500 }) === registry.limiterFor("openai/gpt-4o-mini", {}); // true
 */
export class RateLimiterRegistry {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly deps: RateLimiterDeps = {}) {}

  limiterFor(key: string, limits: RateLimits = {}): RateLimiter {
    const existing = this.limiters.get(key);
    if (existing) {
      existing.restrict(limits);
      return existing;
    }
    const limiter = new RateLimiter(limits, this.deps);
    this.limiters.set(key, limiter);
    return limiter;
  }

  get size(): number {
    return this.limiters.size;
  }
}

export interface WithRateLimitOptions extends RateLimits {
  /** Registry key; default `rateLimitKey(lm)`. */
  key?: string;
  /** Tokens a request will use, for the TPM bucket; default characters / 4 plus maxTokens. */
  estimateTokens?: (request: LMRequest) => number;
}

/**
 * A rough token estimate, good enough for pacing: four characters per token for the input,
 * plus the output ceiling providers count against TPM.
 *
 * @example
 * roughTokenEstimate({ messages: [{ role: "user", content: "12345678" }], maxTokens: 10 }); // 12
 */
export function roughTokenEstimate(request: LMRequest): number {
  const characters = request.messages.reduce((sum, message) => sum + message.content.length, 0);
  return Math.ceil(characters / 4) + (request.maxTokens ?? 0);
}

/**
 * Wraps `lm` so each call first takes a permit from the registry's limiter for its endpoint and
 * model, and reports back the real usage, the provider's rate-limit headers, or the error.
 *
 * @example
 * const registry = new RateLimiterRegistry();
 * const lm = withRateLimit(provider, registry); // learns the provider's limits
 * const capped = withRateLimit(provider, registry, { rpm: 500, tpm: 200_000, maxConcurrency: 16 });
 */
export function withRateLimit(lm: LM, registry: RateLimiterRegistry, options: WithRateLimitOptions = {}): LM {
  const { key, estimateTokens, ...limits } = options;
  const limiter = registry.limiterFor(key ?? rateLimitKey(lm), limits);
  const estimate = estimateTokens ?? roughTokenEstimate;
  async function call(request: LMRequest): Promise<LMResponse> {
    const permit = await limiter.acquire(estimate(request), request.signal, lm.model);
    try {
      const response = await lm.call(request);
      const used = response.cached ? 0 : response.usage.inputTokens + response.usage.outputTokens;
      permit.release({ usedTokens: used, ...(response.rateLimit && { rateLimit: response.rateLimit }) });
      return response;
    } catch (error) {
      permit.release({ error });
      throw error;
    }
  }
  return wrapLM(lm, call);
}
