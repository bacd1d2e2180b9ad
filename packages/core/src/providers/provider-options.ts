import type { ReasoningEffort } from "../lm/model-settings.ts";

/** Request settings a provider LM applies when a request leaves them out. */
export interface LMDefaults {
  temperature?: number;
  maxTokens?: number;
  /** OpenAI reasoning models only: sent as `reasoning_effort`; other models ignore it. */
  reasoningEffort?: ReasoningEffort;
  /**
   * Tokens a model may spend thinking: Anthropic `thinking.budget_tokens` (extended thinking is
   * on only when this is set), Gemini `thinkingConfig.thinkingBudget` (0 turns thinking off
   * where the model allows it).
   */
  thinkingBudget?: number;
}

/**
 * What every provider LM is constructed with. Core never reads the environment: the CLI or
 * the composition root reads `OPENAI_API_KEY` and friends and passes them here.
 */
export interface ProviderLMOptions {
  /** The model id without the provider prefix, e.g. `gpt-4o-mini`. */
  model: string;
  apiKey: string;
  /** Another endpoint speaking the same protocol (a proxy, a local server, a test server). */
  baseURL?: string;
  /** Per-request timeout; default 60 s. */
  timeoutMs?: number;
  defaults?: LMDefaults;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Wall clock in ms, for latency and for retry-after dates; default `Date.now`. */
  now?: () => number;
}

export const defaultTimeoutMs = 60_000;
