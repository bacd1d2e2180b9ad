import { appendFileSync } from "node:fs";
import {
  type BudgetLedger,
  type CacheMode,
  type CacheStore,
  cacheKey,
  createLM,
  defaultPrices,
  JudgeloopError,
  type LM,
  type LMRequest,
  mergePrices,
  type PriceTable,
  RateLimiterRegistry,
  type RateLimits,
  SimLM,
} from "@judgeloop/core";
import { createProviderLM, type ProviderKeys, parseModelString, providerKeyEnvVars } from "@judgeloop/core/providers";

/** What the environment says about providers: keys and an OpenAI-compatible endpoint. */
export interface ProviderEnv {
  keys: ProviderKeys;
  /** `OPENAI_BASE_URL`: any OpenAI-compatible server (Ollama, vLLM, `judgeloop sim serve`). */
  openaiBaseURL?: string;
  /** `JUDGELOOP_SIM_CALL_LOG`: a file that gets one line per simulator call actually made. */
  simCallLog?: string;
}

/** The models a pipeline run uses, by what they do. */
export type ModelRole = "generator" | "judge" | "gold" | "proposer";
export const modelRoles: readonly ModelRole[] = ["generator", "judge", "gold", "proposer"];

/**
 * The simulated model of each role when no provider key is set. The gold model is the
 * strongest (it stands in for the SME), the proposer is strong (it writes instructions), and
 * the generator and judge are middling, so there is room for the optimizers to show.
 */
export const simulatedRoleModels: Readonly<Record<ModelRole, string>> = {
  generator: "sim/generator",
  judge: "sim/judge",
  gold: "sim/gold",
  proposer: "sim/strong",
};

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

/**
 * True when any real provider can be reached: a key, or an OpenAI-compatible endpoint.
 *
 * @example
 * hasAnyProvider(providerEnv({})); // false: the pipeline runs on the simulator
 */
export function hasAnyProvider(env: ProviderEnv): boolean {
  return Object.keys(env.keys).length > 0 || env.openaiBaseURL !== undefined;
}

/**
 * Throws `missing_api_key` (naming the variable to set) unless `model` can be called with this
 * environment. `what` says who asked for it, e.g. "--model" or "models.judge".
 *
 * @example
 * requireModelKey("openai/gpt-4o-mini", env, "--model"); // throws without OPENAI_API_KEY
 */
export function requireModelKey(model: string, env: ProviderEnv, what: string): void {
  const { provider } = parseModelString(model);
  if (provider === "sim") return;
  if (!(provider in providerKeyEnvVars)) {
    const known = ["sim", ...Object.keys(providerKeyEnvVars)].join(", ");
    throw new JudgeloopError("unknown_provider", `${what} ${model}: unknown provider "${provider}" (use ${known})`);
  }
  const name = provider as keyof typeof providerKeyEnvVars;
  if (env.keys[name] !== undefined || (name === "openai" && env.openaiBaseURL !== undefined)) return;
  throw new JudgeloopError(
    "missing_api_key",
    `${what} ${model} needs an API key: set ${providerKeyEnvVars[name]} (or use a sim/... model offline)`,
  );
}

export interface RoleModels {
  models: Record<ModelRole, string>;
  /** True when the simulator stands in for every model because no provider is configured. */
  simulatedFallback: boolean;
}

/**
 * The model of each role: with no provider configured at all, the simulator for every role (see
 * simulatedRoleModels; a configured `sim/*` model is kept); otherwise the configured models,
 * each of which must have its key (else `missing_api_key` names the role and the variable).
 * Roles the config leaves out fall back: judge → generator, gold → judge, proposer → generator.
 *
 * @example
 * resolveRoleModels({ generator: "openai/gpt-4o-mini" }, providerEnv(process.env)).models.judge;
 */
export function resolveRoleModels(configured: Partial<Record<ModelRole, string>>, env: ProviderEnv): RoleModels {
  if (!hasAnyProvider(env)) {
    const simulated = (role: ModelRole) => {
      const model = configured[role];
      return model?.startsWith("sim/") ? model : simulatedRoleModels[role];
    };
    const models = Object.fromEntries(modelRoles.map((role) => [role, simulated(role)])) as Record<ModelRole, string>;
    return { models, simulatedFallback: true };
  }
  const generator = configured.generator ?? simulatedRoleModels.generator;
  const judge = configured.judge ?? generator;
  const models = { generator, judge, gold: configured.gold ?? judge, proposer: configured.proposer ?? generator };
  for (const role of modelRoles) requireModelKey(models[role], env, `models.${role}`);
  return { models, simulatedFallback: false };
}

export interface LMFactoryOptions {
  env: ProviderEnv;
  /** The content-addressed cache; `replay` never calls a model and fails on a miss. */
  cache?: { store: CacheStore; mode: CacheMode };
  /** The run's ledger and caps: every call reserves its worst case first. */
  budget?: { ledger: BudgetLedger; runId: string; capUsd?: number; maxCalls?: number };
  /** Price overrides merged over the built-in table. */
  prices?: PriceTable;
  /** Limits for every model, and per `provider/model` overrides. */
  limits?: RateLimits & { models?: Record<string, RateLimits> };
}

/** Builds LMs by model string, each once, all sharing one rate-limiter registry. */
export interface LMFactory {
  (model: string): LM;
  prices: PriceTable;
}

/**
 * The composition root for LMs: `provider/model` → an LM with cache, budget, retries, rate
 * limits and prices layered as `createLM` orders them. `sim/*` models run the simulator in this
 * process. Keys come from `env`; a model without its key fails here, naming the variable.
 *
 * @example
 * const lmFor = createLMFactory({ env: providerEnv(process.env), cache: { store, mode: "read-write" } });
 * const judge = lmFor("sim/judge");
 */
export function createLMFactory(options: LMFactoryOptions): LMFactory {
  const prices = options.prices ?? defaultPrices;
  const registry = new RateLimiterRegistry();
  const built = new Map<string, LM>();
  const factory = (model: string): LM => {
    const existing = built.get(model);
    if (existing) return existing;
    if (options.cache?.mode !== "replay") requireModelKey(model, options.env, "model");
    const limits = { ...options.limits, ...options.limits?.models?.[model] };
    delete limits.models;
    const limited = limits.rpm !== undefined || limits.tpm !== undefined || limits.maxConcurrency !== undefined;
    const lm = createLM(model, {
      providerFactory: (name) => providerLM(name, options.env),
      prices,
      ...(options.cache && { cache: options.cache }),
      ...(options.budget && { budget: options.budget }),
      ...(limited && { rateLimit: { registry, ...limits } }),
    });
    built.set(model, lm);
    return lm;
  };
  return Object.assign(factory, { prices });
}

/**
 * The built-in price table with a config's overrides merged in.
 *
 * @example
 * pricesWith({ "openai/my-finetune": { input: 0.3, output: 1.2 } });
 */
export function pricesWith(overrides: Record<string, Record<string, number | undefined>>): PriceTable {
  const clean = Object.fromEntries(
    Object.entries(overrides).map(([model, row]) => [
      model,
      Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined)),
    ]),
  );
  return mergePrices(defaultPrices, clean);
}

function providerLM(model: string, env: ProviderEnv): LM {
  return createProviderLM(model, {
    keys: env.keys,
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
  return {
    model: lm.model,
    capabilities: lm.capabilities,
    call: async (request: LMRequest) => {
      const response = await lm.call(request);
      appendFileSync(file, `${lm.model}\t${cacheKey(lm.model, request)}\n`);
      return response;
    },
  };
}
