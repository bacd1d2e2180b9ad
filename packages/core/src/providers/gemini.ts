import {
  ApiError,
  type Content,
  type GenerateContentConfig,
  type GenerateContentParameters,
  type GenerateContentResponse,
  GoogleGenAI,
} from "@google/genai";
import type { LMError } from "../lm/errors.ts";
import type { LM, LMCapabilities, LMRequest, LMResponse, Usage } from "../lm/types.ts";
import type { ModelProfile } from "./capabilities.ts";
import {
  type CallContext,
  lmErrorFor,
  lmErrorFromHttpFailure,
  transportLMError,
  truncatedError,
} from "./errors-map.ts";
import { geminiDefaultBaseURL, geminiIdentity } from "./provider-identity.ts";
import { defaultTimeoutMs, type LMDefaults, type ProviderLMOptions } from "./provider-options.ts";
import { rateLimitSnapshotFromHeaders } from "./rate-limit-headers.ts";
import { type HeaderSource, retryAfterMsFromHeaders, retryDelayFromGoogleErrorBody } from "./retry-after.ts";

export { geminiDefaultBaseURL };

// Finish reasons that mean the provider withheld the answer for policy reasons.
const blockedFinishReasons = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
]);

export interface GeminiLMOptions extends ProviderLMOptions {
  /** Capability overrides: structured outputs, JSON mode, reasoning, `temperature: false`. */
  profile?: Partial<ModelProfile>;
}

/**
 * An LM over the Gemini API's generateContent, through `@google/genai`. System messages become
 * `systemInstruction`, assistant turns the `model` role; structured output uses
 * `responseMimeType: application/json` with `responseJsonSchema`. The SDK's retries stay off.
 *
 * @example
 * const lm = new GeminiLM({ model: "gemini-2.5-flash", apiKey: key });
 * const { text } = await lm.call({ messages: [{ role: "user", content: "hi" }] });
 */
export class GeminiLM implements LM {
  readonly model: string;
  readonly capabilities: LMCapabilities;
  readonly endpoint: string;
  private readonly client: GoogleGenAI;
  private readonly context: CallContext;
  private readonly options: GeminiLMOptions;
  private readonly now: () => number;

  constructor(options: GeminiLMOptions) {
    this.options = options;
    ({ model: this.model, endpoint: this.endpoint, capabilities: this.capabilities } = geminiIdentity(options));
    this.context = { provider: "gemini", model: options.model };
    this.now = options.now ?? Date.now;
    // vertexai: false keeps GOOGLE_GENAI_USE_VERTEXAI in the environment from switching backends.
    this.client = new GoogleGenAI({
      apiKey: options.apiKey,
      vertexai: false,
      httpOptions: {
        baseUrl: options.baseURL ?? geminiDefaultBaseURL,
        timeout: options.timeoutMs ?? defaultTimeoutMs,
        headers: options.headers,
        retryOptions: { attempts: 1 },
      },
    });
  }

  async call(request: LMRequest): Promise<LMResponse> {
    const params = geminiRequestParams(this.options.model, this.capabilities, request, this.options.defaults ?? {});
    // The SDK's ApiError has no headers, so a per-call fetch keeps the last response's for retry-after.
    const seen: { headers?: HeaderSource } = {};
    params.config = {
      ...params.config,
      httpOptions: {
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          seen.headers = response.headers;
          return response;
        },
      },
    };
    const started = this.now();
    let response: GenerateContentResponse;
    try {
      response = await this.client.models.generateContent(params);
    } catch (error) {
      throw this.toLMError(error, request.signal, seen.headers);
    }
    const result = this.toResponse(response, this.now() - started);
    const rateLimit = rateLimitSnapshotFromHeaders(seen.headers, this.now());
    return rateLimit ? { ...result, rateLimit } : result;
  }

  private toResponse(response: GenerateContentResponse, latencyMs: number): LMResponse {
    const blockReason = response.promptFeedback?.blockReason;
    if (blockReason) throw lmErrorFor("content_filter", this.context, `prompt blocked (${blockReason})`);
    const candidate = response.candidates?.[0];
    const finishReason = candidate?.finishReason;
    if (finishReason && blockedFinishReasons.has(finishReason)) {
      throw lmErrorFor("content_filter", this.context, `finish reason ${finishReason}`);
    }
    if (!candidate) throw lmErrorFor("parse", this.context, "the response has no candidates");
    const usage = geminiUsage(response.usageMetadata);
    if (finishReason === "MAX_TOKENS") throw truncatedError(this.context, "finish reason MAX_TOKENS", usage);
    const text = (candidate.content?.parts ?? [])
      .filter((part) => typeof part.text === "string" && !part.thought)
      .map((part) => part.text)
      .join("");
    return {
      text,
      usage,
      model: response.modelVersion || this.options.model,
      latencyMs,
      cached: false,
    };
  }

  private toLMError(error: unknown, signal: AbortSignal | undefined, headers: HeaderSource | undefined): LMError {
    const timeoutMs = this.options.timeoutMs ?? defaultTimeoutMs;
    if (error instanceof ApiError) {
      const body = parseJson(error.message);
      const fault = googleFault(body);
      const retryAfterMs = retryAfterMsFromHeaders(headers, this.now()) ?? retryDelayFromGoogleErrorBody(body);
      const rateLimit = rateLimitSnapshotFromHeaders(headers, this.now());
      return lmErrorFromHttpFailure({
        ...this.context,
        status: error.status,
        retryAfterMs,
        ...((rateLimit || retryAfterMs !== undefined) && { rateLimit: { ...rateLimit, retryAfterMs } }),
        code: fault.reason ?? fault.status,
        detail: fault.message,
      });
    }
    return transportLMError(error, this.context, signal, timeoutMs);
  }
}

/**
 * The generateContent parameters for a request: system messages joined into
 * `systemInstruction`, user/model contents, temperature and maxOutputTokens, the thinking
 * budget when one is set, and JSON output settings when the request asks for them.
 *
 * @example
 * geminiRequestParams("gemini-2.5-flash", geminiCapabilities("gemini-2.5-flash"), { messages }, {}).contents;
 */
export function geminiRequestParams(
  model: string,
  capabilities: LMCapabilities,
  request: LMRequest,
  defaults: LMDefaults,
): GenerateContentParameters {
  const system = request.messages.filter((m) => m.role === "system").map((m) => m.content);
  const contents: Content[] = request.messages
    .filter((m) => m.role !== "system")
    .map((m) => ({ role: m.role === "assistant" ? "model" : "user", parts: [{ text: m.content }] }));
  const config: GenerateContentConfig = { abortSignal: request.signal };
  if (system.length > 0) config.systemInstruction = system.join("\n\n");
  const temperature = request.temperature ?? defaults.temperature;
  if (temperature !== undefined && !capabilities.fixedTemperature) config.temperature = temperature;
  const maxTokens = request.maxTokens ?? defaults.maxTokens;
  if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
  if (defaults.thinkingBudget !== undefined) config.thinkingConfig = { thinkingBudget: defaults.thinkingBudget };
  const format = request.responseFormat;
  if (format && format.type !== "text" && capabilities.jsonMode) {
    config.responseMimeType = "application/json";
    if (format.type === "json_schema" && capabilities.structuredOutputs) config.responseJsonSchema = format.schema;
  }
  return { model, contents, config };
}

/** Gemini's candidatesTokenCount leaves out thinking; ours counts it, as OpenAI and Anthropic do. */
function geminiUsage(metadata: GenerateContentResponse["usageMetadata"]): Usage {
  const thoughts = metadata?.thoughtsTokenCount ?? 0;
  return {
    inputTokens: metadata?.promptTokenCount ?? 0,
    outputTokens: (metadata?.candidatesTokenCount ?? 0) + thoughts,
    cachedInputTokens: metadata?.cachedContentTokenCount ?? 0,
    reasoningTokens: thoughts,
  };
}

interface GoogleFault {
  status?: string;
  reason?: string;
  message?: string;
}

/** The status (RESOURCE_EXHAUSTED…), ErrorInfo reason (API_KEY_INVALID…) and message of a Google error body. */
function googleFault(body: unknown): GoogleFault {
  const error = record(record(body)?.error);
  const details = Array.isArray(error?.details) ? error.details : [];
  const reason = details.map((detail) => record(detail)?.reason).find((value) => typeof value === "string");
  return {
    status: typeof error?.status === "string" ? error.status : undefined,
    reason: typeof reason === "string" ? reason : undefined,
    message: typeof error?.message === "string" ? error.message : undefined,
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
