import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { LMError } from "../lm/errors.ts";
import type { LM, LMCapabilities, LMRequest, LMResponse, ResponseFormat, Usage } from "../lm/types.ts";
import { type ModelProfile, openAIModelProfile } from "./capabilities.ts";
import {
  type CallContext,
  lmErrorFor,
  lmErrorFromHttpFailure,
  transportLMError,
  truncatedError,
} from "./errors-map.ts";
import { openAIDefaultBaseURL, openAIIdentity } from "./provider-identity.ts";
import { defaultTimeoutMs, type LMDefaults, type ProviderLMOptions } from "./provider-options.ts";
import { rateLimitSnapshotFromHeaders } from "./rate-limit-headers.ts";
import { retryAfterMsFromHeaders } from "./retry-after.ts";

export { openAIDefaultBaseURL };

export interface OpenAILMOptions extends ProviderLMOptions {
  /**
   * Overrides the capability table, e.g. `{ structuredOutputs: true }` for an OpenAI-compatible
   * server known to honour json_schema, or `{ jsonMode: false }` for one that rejects
   * `response_format` entirely.
   */
  profile?: Partial<ModelProfile>;
}

/**
 * An LM over OpenAI's chat completions API, or any server that speaks it (Ollama, vLLM,
 * LiteLLM, `judgeloop sim serve`) through `baseURL`. The SDK's own retries are off: retries
 * live in `withRetry` so they never stack.
 *
 * @example
 * const lm = new OpenAILM({ model: "gpt-4o-mini", apiKey: key });
 * const { text, usage } = await lm.call({ messages: [{ role: "user", content: "hi" }] });
 */
export class OpenAILM implements LM {
  readonly model: string;
  readonly capabilities: LMCapabilities;
  readonly endpoint: string;
  private readonly client: OpenAI;
  private readonly profile: ModelProfile;
  private readonly context: CallContext;
  private readonly options: OpenAILMOptions;
  private readonly now: () => number;
  /** How much of `response_format` this endpoint accepted; lowered when it answers 400 about it. */
  private formatLevel: ResponseFormatLevel = "json_schema";

  constructor(options: OpenAILMOptions) {
    this.options = options;
    ({ model: this.model, endpoint: this.endpoint, capabilities: this.capabilities } = openAIIdentity(options));
    this.profile = openAIModelProfile(options.model, options.profile);
    this.context = { provider: "openai", model: options.model };
    this.now = options.now ?? Date.now;
    // baseURL is always explicit so the SDK never falls back to reading OPENAI_BASE_URL itself.
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? openAIDefaultBaseURL,
      timeout: options.timeoutMs ?? defaultTimeoutMs,
      maxRetries: 0,
      defaultHeaders: options.headers,
      logLevel: "off",
    });
  }

  async call(request: LMRequest): Promise<LMResponse> {
    for (;;) {
      const level = this.formatLevel;
      const body = openAIRequestBody(this.options.model, this.profile, request, this.options.defaults ?? {}, level);
      const started = this.now();
      let completion: ChatCompletion;
      let headers: Headers;
      try {
        ({
          data: completion,
          response: { headers },
        } = await this.client.chat.completions.create(body, { signal: request.signal }).withResponse());
      } catch (error) {
        const fallback = formatFallback(error, body.response_format?.type);
        if (fallback === undefined) throw this.toLMError(error, request.signal);
        // Remembered per LM, so a server that rejects json_schema is asked once, not every call.
        this.formatLevel = fallback;
        continue;
      }
      const response = this.toResponse(completion, this.now() - started);
      const rateLimit = rateLimitSnapshotFromHeaders(headers, this.now());
      return rateLimit ? { ...response, rateLimit } : response;
    }
  }

  private toResponse(completion: ChatCompletion, latencyMs: number): LMResponse {
    const choice = completion.choices[0];
    if (!choice) throw lmErrorFor("parse", this.context, "the completion has no choices");
    if (choice.finish_reason === "content_filter" || choice.message.refusal) {
      const reason = choice.message.refusal ? "the model refused" : "finish reason content_filter";
      throw lmErrorFor("content_filter", this.context, reason);
    }
    const usage = openAIUsage(completion.usage);
    if (choice.finish_reason === "length") {
      throw truncatedError(this.context, "finish reason length", usage);
    }
    return {
      text: choice.message.content ?? "",
      usage,
      model: completion.model || this.options.model,
      latencyMs,
      cached: false,
      // `judgeloop sim serve` marks its answers so results through this provider stay labelled simulated.
      ...(completion.system_fingerprint === "judgeloop-sim" && { simulated: true }),
    };
  }

  private toLMError(error: unknown, signal: AbortSignal | undefined): LMError {
    const timeoutMs = this.options.timeoutMs ?? defaultTimeoutMs;
    if (error instanceof APIUserAbortError) return lmErrorFor("cancelled", this.context, "the caller aborted it");
    if (error instanceof APIConnectionTimeoutError) {
      return lmErrorFor("timeout", this.context, `no response within ${timeoutMs} ms`);
    }
    if (error instanceof APIError && error.status !== undefined) {
      return lmErrorFromHttpFailure({
        ...this.context,
        status: error.status,
        retryAfterMs: retryAfterMsFromHeaders(error.headers, this.now()),
        rateLimit: rateLimitSnapshotFromHeaders(error.headers, this.now()),
        code: error.code ?? error.type,
        detail: errorDetail(error.error),
      });
    }
    return transportLMError(
      error instanceof APIError ? (error.cause ?? error) : error,
      this.context,
      signal,
      timeoutMs,
    );
  }
}

/**
 * How much of `response_format` to send: the schema, JSON mode, or nothing (the adapters then
 * parse JSON from plain text). Lowered one step each time a server answers 400 about it.
 */
export type ResponseFormatLevel = "json_schema" | "json_object" | "none";

/**
 * The chat-completions body for a request: for reasoning models max_completion_tokens and
 * reasoning_effort; temperature unless the model rejects it; json_schema (strict) when asked and
 * supported, else json_object when the model has JSON mode, never more than `level` allows.
 *
 * @example
 * openAIRequestBody("gpt-4o", openAIModelProfile("gpt-4o"), { messages }, {}).response_format;
 */
export function openAIRequestBody(
  model: string,
  profile: ModelProfile,
  request: LMRequest,
  defaults: LMDefaults,
  level: ResponseFormatLevel = "json_schema",
): ChatCompletionCreateParamsNonStreaming {
  const messages: ChatCompletionMessageParam[] = request.messages.map((message) => ({
    role: message.role,
    content: message.content,
  }));
  const body: ChatCompletionCreateParamsNonStreaming = { model, messages };
  const temperature = request.temperature ?? defaults.temperature;
  if (temperature !== undefined && profile.temperature) body.temperature = temperature;
  const maxTokens = request.maxTokens ?? defaults.maxTokens;
  if (maxTokens !== undefined) {
    if (profile.reasoning) body.max_completion_tokens = maxTokens;
    else body.max_tokens = maxTokens;
  }
  if (profile.reasoning && defaults.reasoningEffort) body.reasoning_effort = defaults.reasoningEffort;
  const format = openAIResponseFormat(request.responseFormat, profile, level);
  if (format) body.response_format = format;
  return body;
}

function openAIResponseFormat(
  format: ResponseFormat | undefined,
  profile: ModelProfile,
  level: ResponseFormatLevel,
): ChatCompletionCreateParamsNonStreaming["response_format"] {
  if (!format || format.type === "text" || level === "none") return undefined;
  if (format.type === "json_schema" && profile.structuredOutputs && level === "json_schema") {
    const name = format.name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64) || "output";
    return { type: "json_schema", json_schema: { name, schema: format.schema, strict: true } };
  }
  return profile.jsonMode ? { type: "json_object" } : undefined;
}

// What OpenAI, Azure, vLLM, LM Studio and LiteLLM-proxied servers say when they reject a format,
// e.g. "'response_format' of type 'json_schema' is not supported with this model".
const formatRejectionHint = /response_format|json_schema|json_object|structured output/i;

/**
 * The format level to try next when `error` is a 400/422 about the `response_format` that was
 * `sent`: json_object after json_schema, none after json_object; undefined for any other failure.
 *
 * @example
 * formatFallback(badRequestAboutJsonSchema, "json_schema"); // "json_object"
 */
export function formatFallback(error: unknown, sent: string | undefined): ResponseFormatLevel | undefined {
  if (sent !== "json_schema" && sent !== "json_object") return undefined;
  if (!(error instanceof APIError) || (error.status !== 400 && error.status !== 422)) return undefined;
  const param = typeof error.param === "string" ? error.param : "";
  if (!param.startsWith("response_format") && !formatRejectionHint.test(error.message)) return undefined;
  return sent === "json_schema" ? "json_object" : "none";
}

function openAIUsage(usage: ChatCompletion["usage"]): Usage {
  return {
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    reasoningTokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

function errorDetail(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const message = (body as { message?: unknown }).message;
  return typeof message === "string" ? message : undefined;
}
