import { ChainOfThought, RateLimiterRegistry, rateLimitKey, withRateLimit, withRetry } from "@judgeloop/core";
import { OpenAILM } from "@judgeloop/core/providers";
import { judgeInstructions } from "./judge-examples.ts";

/**
 * The benchmarks' judge: a ChainOfThought judge reaching `sim serve` through the real OpenAI
 * provider, behind the shared rate limiter and the retry layer, as a user's evaluation would.
 * Without `rpm` the limiter learns the server's limit, as it does for a user who configured none.
 *
 * @example
 * const { judge, retries, limiter } = httpJudge(server.baseURL, { rpm: 600, concurrency: 4 });
 */
export function httpJudge(baseURL: string, limits: { rpm?: number; concurrency: number }) {
  let retries = 0;
  const registry = new RateLimiterRegistry();
  const provider = new OpenAILM({ model: "sim/default", apiKey: "simulated", baseURL });
  const limited = withRateLimit(provider, registry, {
    ...(limits.rpm !== undefined && { rpm: limits.rpm }),
    maxConcurrency: limits.concurrency,
  });
  const lm = withRetry(limited, { onRetry: () => void retries++ });
  const judge = new ChainOfThought("transcript: string -> satisfied: boolean", { lm });
  judge.signature = judge.signature.withInstructions(judgeInstructions);
  return { judge, retries: () => retries, limiter: () => registry.limiterFor(rateLimitKey(provider)).stats };
}
