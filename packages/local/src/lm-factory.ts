import { appendFileSync } from "node:fs";
import {
  type BudgetLedger,
  type CacheMode,
  type CacheStore,
  cacheKey,
  createLM,
  createProviderLM,
  defaultPrices,
  type LM,
  type LMRequest,
  type ModelSettingsMap,
  noopTracer,
  type PriceTable,
  type ProviderAccess,
  type ProviderKeys,
  providerKeyEnvVars,
  RateLimiterRegistry,
  type RateLimits,
  requireModelKey,
  SimLM,
  type Tracer,
  withLMTracing,
  wrapLM,
} from "@judgeloop/core";
import { processTracer } from "./tracing/process-tracing.ts";

/** What the environment says about providers: keys and an OpenAI-compatible endpoint (`OPENAI_BASE_URL`). */
export interface ProviderEnv extends ProviderAccess {
  /** `JUDGELOOP_SIM_CALL_LOG`: a file that gets one line per simulator call actually made. */
  simCallLog?: string;
}

/**
 * Reads the provider settings from an environment (the CLI passes `process.env`).
 *
 * @example
 * const env = providerEnv(process.env);
 */
export function providerEnv(env: Record<string, string | undefined>): ProviderEnv {
  const keys: ProviderKeys = {};
  for (const [provider, variable] of Object.entries(providerKeyEnvVars)) {
    const value = env[variable]?.trim();
    if (value) keys[provider as keyof ProviderKeys] = value;
  }
  const result: ProviderEnv = { keys };
  const baseURL = env.OPENAI_BASE_URL?.trim();
  if (baseURL) result.openaiBaseURL = baseURL;
  const log = env.JUDGELOOP_SIM_CALL_LOG?.trim();
  if (log) result.simCallLog = log;
  return result;
}

export interface LMFactoryOptions {
  env: ProviderEnv;
  /** The content-addressed cache; `replay` never calls a model and fails on a miss. */
  cache?: { store: CacheStore; mode: CacheMode };
  /** The run's ledger and caps: every call reserves its worst case first. */
  budget?: { ledger: BudgetLedger; runId: string; capUsd?: number; maxCalls?: number };
  /** Price overrides merged over the built-in table. */
  prices?: PriceTable;
  /**
   * Limits for every model, and per `provider/model` overrides. Optional: without them each
   * model's limiter learns the provider's limits from its headers and 429s.
   */
  limits?: RateLimits & { models?: Record<string, RateLimits> };
  /** Per-model settings (output allowance, timeout, reasoning, capability overrides) by model or glob. */
  models?: ModelSettingsMap;
  /** How long a call keeps retrying 429s, in ms; default `defaultRateLimitDeadlineMs` (5 minutes). */
  rateLimitDeadlineMs?: number;
  /** The limiters to share; default `processRateLimiters`, shared by every factory of the process. */
  rateLimiters?: RateLimiterRegistry;
  /** Records each call as a `chat {model}` span; default the process's tracer (a no-op unless OTLP export is on). */
  tracer?: Tracer;
}

/**
 * The rate limiters of this process: every factory (each command, pipeline run, stage and
 * optimizer) draws from it, so calls to one endpoint and model share one limiter and what it
 * learned about the provider's limits.
 */
export const processRateLimiters = new RateLimiterRegistry();

/** Builds LMs by model string, each once, all sharing one rate-limiter registry. */
export interface LMFactory {
  (model: string): LM;
  prices: PriceTable;
}

/**
 * The composition root for LMs: `provider/model` → an LM with cache, budget, retries, rate
 * limits and prices layered as `createLM` orders them, and a span per call on top. Every LM has a rate limiter, from
 * `options.rateLimiters` (one per endpoint + model), configured by `limits` when given and
 * learning the provider's limits either way. `sim/*` models run the simulator in this
 * process. Keys come from `env`; a model without its key fails here, naming the variable.
 *
 * @example
 * const lmFor = createLMFactory({ env: providerEnv(process.env), cache: { store, mode: "read-write" } });
 * const judge = lmFor("sim/judge");
 */
export function createLMFactory(options: LMFactoryOptions): LMFactory {
  const prices = options.prices ?? defaultPrices;
  const registry = options.rateLimiters ?? processRateLimiters;
  const retry = options.rateLimitDeadlineMs === undefined ? {} : { rateLimitDeadlineMs: options.rateLimitDeadlineMs };
  const tracer = options.tracer ?? processTracer();
  const built = new Map<string, LM>();
  const factory = (model: string): LM => {
    const existing = built.get(model);
    if (existing) return existing;
    if (options.cache?.mode !== "replay") requireModelKey(model, options.env, "model");
    const limits = { ...options.limits, ...options.limits?.models?.[model] };
    delete limits.models;
    const lm = createLM(model, {
      providerFactory: (name) => providerLM(name, options.env, options.models),
      prices,
      ...(options.cache && { cache: options.cache }),
      ...(options.budget && { budget: options.budget }),
      retry,
      rateLimit: { registry, ...limits },
    });
    // Outside the cache, so a span says whether the cache answered; no wrapper at all when traces are off.
    const traced = tracer === noopTracer ? lm : withLMTracing(lm, tracer);
    built.set(model, traced);
    return traced;
  };
  return Object.assign(factory, { prices });
}

function providerLM(model: string, env: ProviderEnv, models: ModelSettingsMap | undefined): LM {
  return createProviderLM(model, {
    keys: env.keys,
    ...(models !== undefined && { models }),
    ...(env.openaiBaseURL !== undefined && { baseURLs: { openai: env.openaiBaseURL } }),
    sim: (name) => {
      const sim = new SimLM(name);
      return env.simCallLog === undefined ? sim : withCallLog(sim, env.simCallLog);
    },
  });
}

/**
 * Appends one line per call (`model <tab> cache key`) before answering, synchronously, so a
 * test can count the calls a run made, across processes, even when one of them is killed.
 */
function withCallLog(lm: LM, file: string): LM {
  return wrapLM(lm, async (request: LMRequest) => {
    const response = await lm.call(request);
    appendFileSync(file, `${lm.model}\t${cacheKey(lm.model, request, lm.endpoint)}\n`);
    return response;
  });
}
