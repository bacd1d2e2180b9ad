import { JudgeloopError } from "../errors.ts";
import {
  knownProviders,
  type ProviderKeys,
  type ProviderName,
  parseModelString,
  providerKeyEnvVars,
} from "../lm/model-roles.ts";
import { type ModelSettings, type ModelSettingsMap, modelSettingsFor } from "../lm/model-settings.ts";
import type { LM } from "../lm/types.ts";
import { type ModelProfile, profileOverrides } from "./capabilities.ts";
import { lazyProviderLM } from "./lazy-provider-lm.ts";
import type { LMDefaults } from "./provider-options.ts";

export type { ProviderKeys, ProviderName } from "../lm/model-roles.ts";
export { parseModelString, providerKeyEnvVars } from "../lm/model-roles.ts";

export interface CreateProviderLMOptions {
  keys?: ProviderKeys;
  /** Endpoints other than the providers' own, e.g. `{ openai: "http://127.0.0.1:11434/v1" }` for Ollama. */
  baseURLs?: Partial<Record<ProviderName, string>>;
  timeoutMs?: number;
  defaults?: LMDefaults;
  /** Capability overrides for `openai/*` models, e.g. for an OpenAI-compatible server. */
  openaiProfile?: Partial<ModelProfile>;
  /**
   * Per-model settings by `provider/model` or glob (see modelSettingsFor): output allowance,
   * timeout, reasoning effort, thinking budget and capability overrides; they win over the
   * options above.
   */
  models?: ModelSettingsMap;
  /**
   * Builds `sim/*` models: the simulator lives outside this module, so the composition root
   * passes its factory here. Receives the whole model string, e.g. `sim/strong`.
   */
  sim?: (model: string) => LM;
}

/**
 * The LM for a `provider/model` string: `openai/*`, `anthropic/*`, `gemini/*`, or `sim/*`
 * through the `sim` hook. Fails with `unknown_provider` or `missing_api_key` (naming the
 * environment variable to set) before any network call. An OpenAI-compatible `baseURL` needs
 * no key: local servers such as Ollama ignore it. The provider's SDK is imported on the LM's
 * first call, so building LMs loads no SDK and a run loads only the providers it calls.
 *
 * @example
 * const lm = createProviderLM("anthropic/claude-haiku-4-5", { keys: { anthropic: key } });
 */
export function createProviderLM(modelString: string, options: CreateProviderLMOptions = {}): LM {
  const { provider, model } = parseModelString(modelString);
  if (provider === "sim") {
    if (!options.sim) {
      throw new JudgeloopError(
        "simulator_unavailable",
        `model ${modelString} needs the simulator, which was not provided`,
      );
    }
    return options.sim(modelString);
  }
  if (!isProviderName(provider)) {
    throw new JudgeloopError(
      "unknown_provider",
      `unknown provider "${provider}" in model ${modelString}; use one of ${knownProviders.join(", ")}`,
    );
  }
  const settings = modelSettingsFor(modelString, options.models);
  const overrides = profileOverrides(settings);
  const common = {
    model,
    apiKey: apiKeyFor(provider, modelString, options),
    baseURL: options.baseURLs?.[provider],
    timeoutMs: settings.timeoutMs ?? options.timeoutMs,
    defaults: defaultsWith(options.defaults, settings),
  };
  if (provider === "openai") {
    return lazyProviderLM({ provider, options: { ...common, profile: { ...options.openaiProfile, ...overrides } } });
  }
  if (provider === "anthropic") {
    return lazyProviderLM({ provider, options: { ...common, structuredOutputs: overrides.structuredOutputs } });
  }
  return lazyProviderLM({ provider, options: { ...common, profile: overrides } });
}

function defaultsWith(defaults: LMDefaults | undefined, settings: ModelSettings): LMDefaults {
  const merged: LMDefaults = { ...defaults };
  if (settings.maxOutputTokens !== undefined) merged.maxTokens = settings.maxOutputTokens;
  if (settings.reasoningEffort !== undefined) merged.reasoningEffort = settings.reasoningEffort;
  if (settings.thinkingBudget !== undefined) merged.thinkingBudget = settings.thinkingBudget;
  return merged;
}

function isProviderName(name: string): name is ProviderName {
  return name in providerKeyEnvVars;
}

function apiKeyFor(provider: ProviderName, modelString: string, options: CreateProviderLMOptions): string {
  const key = options.keys?.[provider]?.trim();
  if (key) return key;
  // Local OpenAI-compatible servers take any key; the SDK insists on a non-empty one.
  if (provider === "openai" && options.baseURLs?.openai) return "no-key";
  throw new JudgeloopError(
    "missing_api_key",
    `model ${modelString} needs an API key: set ${providerKeyEnvVars[provider]} in the environment`,
  );
}
