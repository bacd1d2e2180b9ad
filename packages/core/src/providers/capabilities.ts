import type { ModelSettings } from "../lm/model-settings.ts";
import type { LMCapabilities } from "../lm/types.ts";

/** What a provider model accepts, beyond the capabilities adapters see. */
export interface ModelProfile extends LMCapabilities {
  /**
   * A reasoning model (OpenAI o-series, gpt-5): it takes `max_completion_tokens` instead of
   * `max_tokens` and `reasoning_effort`.
   */
  reasoning: boolean;
  /** False when the model rejects a non-default temperature: none is sent. */
  temperature: boolean;
}

interface PatternRule {
  pattern: RegExp;
  profile: ModelProfile;
}

const structuredChat: ModelProfile = { structuredOutputs: true, jsonMode: true, reasoning: false, temperature: true };
const structuredReasoning: ModelProfile = {
  structuredOutputs: true,
  jsonMode: true,
  reasoning: true,
  temperature: false,
};
const jsonModeOnly: ModelProfile = { structuredOutputs: false, jsonMode: true, reasoning: false, temperature: true };

// First match wins, so dated exceptions come before their family. Families are patterns, so a
// new release (o5, gpt-5.2, gpt-6) gets its family's profile without a table change.
const openAIRules: readonly PatternRule[] = [
  { pattern: /^gpt-\d+(\.\d+)?-chat/, profile: structuredChat },
  { pattern: /^gpt-([5-9]|\d{2,})/, profile: structuredReasoning },
  { pattern: /^gpt-4\.1/, profile: structuredChat },
  { pattern: /^gpt-4o-2024-05-13/, profile: jsonModeOnly },
  { pattern: /^chatgpt-4o/, profile: jsonModeOnly },
  { pattern: /^gpt-4o/, profile: structuredChat },
  { pattern: /^o1-(mini|preview)/, profile: { ...structuredReasoning, structuredOutputs: false, jsonMode: false } },
  { pattern: /^o\d/, profile: structuredReasoning },
  { pattern: /^gpt-4-turbo/, profile: jsonModeOnly },
  { pattern: /^gpt-3\.5-turbo/, profile: jsonModeOnly },
];

/**
 * The profile of an OpenAI model id, by family pattern (fine-tunes `ft:gpt-4o-mini:…` count as
 * their base model; any `o<digit>…` and `gpt-5…` or later is a reasoning model). Unknown
 * models, such as those an OpenAI-compatible server (Ollama, vLLM, LiteLLM) serves, get JSON
 * mode only; `overrides` adjusts any of it.
 *
 * @example
 * openAIModelProfile("gpt-4o-mini"); // { structuredOutputs: true, jsonMode: true, reasoning: false, temperature: true }
 * openAIModelProfile("llama3.1:8b", { structuredOutputs: true }); // a server known to honour json_schema
 */
export function openAIModelProfile(model: string, overrides: Partial<ModelProfile> = {}): ModelProfile {
  const base = model.startsWith("ft:") ? model.slice(3) : model;
  const rule = openAIRules.find((candidate) => candidate.pattern.test(base));
  const profile = { ...(rule?.profile ?? jsonModeOnly), ...definedOnly(overrides) };
  return { ...profile, fixedTemperature: !profile.temperature };
}

/**
 * The capability overrides in a model's settings, in profile form: what `openAIModelProfile`
 * and the other providers take as overrides.
 *
 * @example
 * profileOverrides({ temperature: false, timeoutMs: 9000 }); // { temperature: false }
 */
export function profileOverrides(settings: ModelSettings): Partial<ModelProfile> {
  return definedOnly({
    structuredOutputs: settings.structuredOutputs,
    jsonMode: settings.jsonMode,
    reasoning: settings.reasoning,
    temperature: settings.temperature,
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
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
 * application/json` with a response schema; only the retired 1.0 generation does not. The 2.5
 * generation and later think by default, so they count as reasoning models.
 *
 * @example
 * geminiCapabilities("gemini-2.5-flash"); // { structuredOutputs: true, jsonMode: true, reasoning: true }
 */
export function geminiCapabilities(model: string): LMCapabilities {
  const legacy = model.startsWith("gemini-1.0") || model === "gemini-pro";
  const version = /^gemini-(\d+)(?:\.(\d+))?/.exec(model);
  const thinking = version !== null && Number(version[1]) * 10 + Number(version[2] ?? 0) >= 25;
  return { structuredOutputs: !legacy, jsonMode: !legacy, reasoning: thinking };
}
