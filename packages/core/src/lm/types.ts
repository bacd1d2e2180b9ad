import type { RateLimitSnapshot } from "./rate-limit-snapshot.ts";

/** One chat message, in the provider-neutral form every adapter renders to. */
export interface Message {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Structured-output request: a JSON schema the provider should constrain its answer to. */
export interface JsonSchemaFormat {
  type: "json_schema";
  name: string;
  schema: Record<string, unknown>;
}

export type ResponseFormat = { type: "text" } | { type: "json_object" } | JsonSchemaFormat;

/** What a module asks of a language model. */
export interface LMRequest {
  messages: Message[];
  temperature?: number;
  maxTokens?: number;
  responseFormat?: ResponseFormat;
  /**
   * Distinguishes otherwise identical calls that should get independent samples
   * (DSPy's rollout_id). Part of the cache key; never sent to providers.
   */
  rolloutId?: number;
  signal?: AbortSignal;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
}

export interface LMResponse {
  text: string;
  usage: Usage;
  /** The model id as the provider reported it (e.g. a dated snapshot). */
  model: string;
  latencyMs: number;
  /** True when served from the cache: usage is the original call's, cost is zero. */
  cached: boolean;
  /** Dollars this call cost; 0 when cached; undefined when the price is unknown. */
  costUsd?: number;
  /** True when a simulator produced the answer: results must be labelled simulated. */
  simulated?: boolean;
  /** What the provider's response headers said about its rate limits, for the rate limiter. */
  rateLimit?: RateLimitSnapshot;
}

/** Capabilities adapters consult, e.g. to ask for json_schema structured outputs. */
export interface LMCapabilities {
  structuredOutputs: boolean;
  jsonMode: boolean;
  /**
   * True when the model takes no temperature (OpenAI reasoning models; Anthropic through this
   * SDK): a requested temperature is dropped, and runs record that they measured at the
   * provider's fixed temperature.
   */
  fixedTemperature?: boolean;
  /** True for a model that thinks before answering: its default output allowance is larger. */
  reasoning?: boolean;
  /** Output tokens asked for when a request sets none, when configured for this model. */
  outputAllowance?: number;
  /** The most output tokens the model can produce, when known: a retried allowance stays below it. */
  maxOutputTokens?: number;
}

/**
 * A language model bound to one `provider/model` string.
 *
 * @example
 * const lm: LM = createLM("sim/strong");
 * const { text } = await lm.call({ messages: [{ role: "user", content: "hi" }] });
 */
export interface LM {
  readonly model: string;
  readonly capabilities: LMCapabilities;
  /**
   * Where the calls go, for provider LMs the base URL (e.g. `https://api.openai.com/v1`, or an
   * Ollama server's). Rate limiters and cache keys include it, so two servers that answer to the
   * same model name never share limits or answers. Undefined for in-process models (sim, fakes).
   */
  readonly endpoint?: string;
  call(request: LMRequest): Promise<LMResponse>;
}

/**
 * An LM that keeps `inner`'s identity (model, capabilities, endpoint) with another `call`: what
 * every wrapper (retry, rate limit, budget, cache, cost) returns.
 *
 * @example
 * const logged = wrapLM(lm, async (request) => lm.call(request));
 */
export function wrapLM(inner: LM, call: (request: LMRequest) => Promise<LMResponse>): LM {
  return {
    model: inner.model,
    capabilities: inner.capabilities,
    ...(inner.endpoint !== undefined && { endpoint: inner.endpoint }),
    call,
  };
}

export const emptyUsage = (): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  reasoningTokens: 0,
});

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}
