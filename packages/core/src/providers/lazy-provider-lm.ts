// Provider LMs whose SDK loads on their first call. The OpenAI, Anthropic and Gemini SDKs are
// most of a bundle's weight; a run that uses one provider should load that one only, and a
// command that builds LMs without calling them (an estimate, `--help`) should load none.
import type { ProviderName } from "../lm/model-roles.ts";
import { parseModelString } from "../lm/model-roles.ts";
import type { LM } from "../lm/types.ts";
import type { AnthropicLMOptions } from "./anthropic.ts";
import type { GeminiLMOptions } from "./gemini.ts";
import type { OpenAILMOptions } from "./openai.ts";
import { anthropicIdentity, geminiIdentity, openAIIdentity, type ProviderIdentity } from "./provider-identity.ts";

/** Which provider LM to build, with the options its constructor takes. */
export type ProviderLMSpec =
  | { provider: "openai"; options: OpenAILMOptions }
  | { provider: "anthropic"; options: AnthropicLMOptions }
  | { provider: "gemini"; options: GeminiLMOptions };

// One module per provider, so that a bundler gives each SDK a chunk of its own.
const providerModules = {
  openai: () => import("./openai.ts"),
  anthropic: () => import("./anthropic.ts"),
  gemini: () => import("./gemini.ts"),
} satisfies Record<ProviderName, () => Promise<unknown>>;

/**
 * An LM for `spec` that has its model, capabilities and endpoint at once, as the provider's own
 * LM would, and imports the provider's module (its SDK) on the first `call`. A failed import is
 * not remembered, so a later call tries again.
 *
 * @example
 * const lm = lazyProviderLM({ provider: "openai", options: { model: "gpt-4o-mini", apiKey: key } });
 * lm.capabilities.structuredOutputs; // true, without loading the OpenAI SDK
 */
export function lazyProviderLM(spec: ProviderLMSpec): LM {
  let loading: Promise<LM> | undefined;
  const loaded = () => {
    loading ??= buildProviderLM(spec).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return { ...identityOf(spec), call: async (request) => (await loaded()).call(request) };
}

/**
 * Imports the provider modules (SDKs) of `models` ahead of their first call, skipping `sim/*`
 * and anything that is not a known provider, so that loading them is not counted in a call's
 * latency and a missing module fails before any work starts.
 *
 * @example
 * await preloadProviders(["openai/gpt-4o-mini", "sim/strong"]); // loads the OpenAI SDK only
 */
export async function preloadProviders(models: readonly string[]): Promise<void> {
  const providers = new Set(models.map((model) => parseModelString(model).provider));
  await Promise.all(
    [...providers]
      .filter((name): name is ProviderName => name in providerModules)
      .map((name) => providerModules[name]()),
  );
}

async function buildProviderLM(spec: ProviderLMSpec): Promise<LM> {
  switch (spec.provider) {
    case "openai":
      return new (await providerModules.openai()).OpenAILM(spec.options);
    case "anthropic":
      return new (await providerModules.anthropic()).AnthropicLM(spec.options);
    case "gemini":
      return new (await providerModules.gemini()).GeminiLM(spec.options);
  }
}

function identityOf(spec: ProviderLMSpec): ProviderIdentity {
  if (spec.provider === "openai") return openAIIdentity(spec.options);
  if (spec.provider === "anthropic") return anthropicIdentity(spec.options);
  return geminiIdentity(spec.options);
}
