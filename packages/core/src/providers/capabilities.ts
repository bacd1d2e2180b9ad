import type { LMCapabilities } from "../lm/types.ts";

/** What a provider model accepts, beyond the capabilities adapters see. */
export interface ModelProfile extends LMCapabilities {
  /**
   * A reasoning model (OpenAI o-series, gpt-5): it takes `max_completion_tokens` instead of
   * `max_tokens` and rejects a non-default temperature.
   */
  reasoning: boolean;
}

interface PrefixRule {
  prefix: string;
  profile: ModelProfile;
}

const structuredChat: ModelProfile = { structuredOutputs: true, jsonMode: true, reasoning: false };
const structuredReasoning: ModelProfile = { structuredOutputs: true, jsonMode: true, reasoning: true };
const jsonModeOnly: ModelProfile = { structuredOutputs: false, jsonMode: true, reasoning: false };

// First match wins, so dated exceptions come before their family.
const openAIRules: readonly PrefixRule[] = [
  { prefix: "gpt-5-chat", profile: structuredChat },
  { prefix: "gpt-5", profile: structuredReasoning },
  { prefix: "gpt-4.1", profile: structuredChat },
  { prefix: "gpt-4o-2024-05-13", profile: jsonModeOnly },
  { prefix: "chatgpt-4o", profile: jsonModeOnly },
  { prefix: "gpt-4o", profile: structuredChat },
  { prefix: "o1-mini", profile: { structuredOutputs: false, jsonMode: false, reasoning: true } },
  { prefix: "o1-preview", profile: { structuredOutputs: false, jsonMode: false, reasoning: true } },
  { prefix: "o1", profile: structuredReasoning },
  { prefix: "o3", profile: structuredReasoning },
  { prefix: "o4", profile: structuredReasoning },
  { prefix: "gpt-4-turbo", profile: jsonModeOnly },
  { prefix: "gpt-3.5-turbo", profile: jsonModeOnly },
];

/**
 * The profile of an OpenAI model id, by prefix (fine-tunes `ft:gpt-4o-mini:…` count as their
 * base model). Unknown models, such as those an OpenAI-compatible server (Ollama, vLLM,
 * LiteLLM) serves, get JSON mode only; `overrides` adjusts any of it.
 *
 * @example
 * openAIModelProfile("gpt-4o-mini"); // { structuredOutputs: true, jsonMode: true, reasoning: false }
 * openAIModelProfile("llama3.1:8b", { structuredOutputs: true }); // a server known to honour json_schema
 */
export function openAIModelProfile(model: string, overrides: Partial<ModelProfile> = {}): ModelProfile {
  const base = model.startsWith("ft:") ? model.slice(3) : model;
  const rule = openAIRules.find((candidate) => base.startsWith(candidate.prefix));
  return { ...(rule?.profile ?? jsonModeOnly), ...overrides };
}

/**
 * True when a Claude model takes `output_config.format` (JSON-schema structured outputs):
 * Claude 4.5 and later, and Opus 4.1. Older models get JSON through an instruction instead.
 *
 * @example
 * anthropicSupportsStructuredOutputs("claude-haiku-4-5"); // true
 * anthropicSupportsStructuredOutputs("claude-3-5-sonnet-20241022"); // false
 */
export function anthropicSupportsStructuredOutputs(model: string): boolean {
  // claude-<family>-<major>[-<minor>][-<date>] or the older claude-<major>[-<minor>]-<family>.
  const version = /^claude-(?:[a-z]+-)?(\d+)(?:-(\d{1,2})(?!\d))?/.exec(model);
  if (!version) return false;
  const major = Number(version[1]);
  const minor = Number(version[2] ?? 0);
  if (major > 4) return true;
  if (major < 4) return false;
  return minor >= 5 || model.startsWith("claude-opus-4-1");
}

/**
 * The capabilities of a Gemini model: every current model takes `responseMimeType:
 * application/json` with a response schema; only the retired 1.0 generation does not.
 *
 * @example
 * geminiCapabilities("gemini-2.5-flash"); // { structuredOutputs: true, jsonMode: true }
 */
export function geminiCapabilities(model: string): LMCapabilities {
  const legacy = model.startsWith("gemini-1.0") || model === "gemini-pro";
  return { structuredOutputs: !legacy, jsonMode: !legacy };
}
