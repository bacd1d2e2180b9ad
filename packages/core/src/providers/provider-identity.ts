// What each provider LM is known by (model string, capabilities, endpoint), computed without
// its SDK: the provider LM classes set theirs from here, and a lazily loaded LM
// (lazy-provider-lm.ts) has the same identity before its SDK is imported.
import { reasoningOutputAllowance, standardOutputAllowance } from "../lm/model-settings.ts";
import type { LMCapabilities } from "../lm/types.ts";
import {
  anthropicSupportsStructuredOutputs,
  geminiCapabilities,
  type ModelProfile,
  openAIModelProfile,
} from "./capabilities.ts";
import { knownMaxOutputTokens, withMaxOutput } from "./output-limits.ts";
import type { LMDefaults, ProviderLMOptions } from "./provider-options.ts";

export const openAIDefaultBaseURL = "https://api.openai.com/v1";

export const anthropicDefaultBaseURL = "https://api.anthropic.com";

export const geminiDefaultBaseURL = "https://generativelanguage.googleapis.com";

/** A provider LM's model string, capabilities and endpoint. */
export interface ProviderIdentity {
  model: string;
  capabilities: LMCapabilities;
  endpoint: string;
}

type IdentityOptions = Pick<ProviderLMOptions, "model" | "baseURL" | "defaults">;

/**
 * An OpenAI (or OpenAI-compatible) model's identity, from its profile.
 *
 * @example
 * openAIIdentity({ model: "o3-mini" }).capabilities.fixedTemperature; // true
 */
export function openAIIdentity(options: IdentityOptions & { profile?: Partial<ModelProfile> }): ProviderIdentity {
  const profile = openAIModelProfile(options.model, options.profile);
  const maxTokens = options.defaults?.maxTokens;
  return {
    model: `openai/${options.model}`,
    capabilities: {
      structuredOutputs: profile.structuredOutputs,
      jsonMode: profile.jsonMode,
      fixedTemperature: !profile.temperature,
      reasoning: profile.reasoning,
      ...(maxTokens !== undefined && { outputAllowance: maxTokens }),
      ...withMaxOutput(knownMaxOutputTokens(options.model)),
    },
    endpoint: options.baseURL ?? openAIDefaultBaseURL,
  };
}

/**
 * An Anthropic model's identity. No native JSON mode: a json_object request becomes an
 * instruction, so adapters should not rely on it.
 *
 * @example
 * anthropicIdentity({ model: "claude-haiku-4-5" }).endpoint; // "https://api.anthropic.com"
 */
export function anthropicIdentity(options: IdentityOptions & { structuredOutputs?: boolean }): ProviderIdentity {
  const structuredOutputs = options.structuredOutputs ?? anthropicSupportsStructuredOutputs(options.model);
  return {
    model: `anthropic/${options.model}`,
    capabilities: {
      structuredOutputs,
      jsonMode: false,
      fixedTemperature: true,
      ...anthropicAllowance(options.defaults ?? {}),
      ...withMaxOutput(knownMaxOutputTokens(options.model)),
    },
    endpoint: options.baseURL ?? anthropicDefaultBaseURL,
  };
}

/**
 * A Gemini model's identity: its capabilities, a thinking budget of 0 turning reasoning off,
 * then the profile's overrides.
 *
 * @example
 * geminiIdentity({ model: "gemini-2.5-flash" }).model; // "gemini/gemini-2.5-flash"
 */
export function geminiIdentity(options: IdentityOptions & { profile?: Partial<ModelProfile> }): ProviderIdentity {
  const thinkingOff = options.defaults?.thinkingBudget === 0;
  const maxTokens = options.defaults?.maxTokens;
  const temperature = options.profile?.temperature;
  return {
    model: `gemini/${options.model}`,
    capabilities: {
      ...geminiCapabilities(options.model),
      ...(thinkingOff && { reasoning: false }),
      ...definedCapabilities(options.profile ?? {}),
      ...(temperature !== undefined && { fixedTemperature: !temperature }),
      ...(maxTokens !== undefined && { outputAllowance: maxTokens }),
      ...withMaxOutput(knownMaxOutputTokens(options.model)),
    },
    endpoint: options.baseURL ?? geminiDefaultBaseURL,
  };
}

/**
 * Extended thinking makes a reasoning model, whose answer follows up to `thinkingBudget` tokens of
 * thinking inside max_tokens: its allowance leaves the usual 4k for the answer above the budget.
 */
function anthropicAllowance(defaults: LMDefaults): Pick<LMCapabilities, "reasoning" | "outputAllowance"> {
  const budget = defaults.thinkingBudget ?? 0;
  const reasoning = budget > 0;
  if (defaults.maxTokens !== undefined) return { reasoning, outputAllowance: defaults.maxTokens };
  if (!reasoning) return { reasoning };
  return { reasoning, outputAllowance: Math.max(reasoningOutputAllowance, budget + standardOutputAllowance) };
}

function definedCapabilities(profile: Partial<ModelProfile>): Partial<LMCapabilities> {
  const { structuredOutputs, jsonMode, reasoning } = profile;
  return Object.fromEntries(
    Object.entries({ structuredOutputs, jsonMode, reasoning }).filter(([, value]) => value !== undefined),
  );
}
