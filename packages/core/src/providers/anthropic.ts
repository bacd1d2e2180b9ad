import Anthropic, { APIConnectionTimeoutError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import type {
  Message as AnthropicMessage,
  MessageCreateParamsNonStreaming,
  MessageParam,
} from "@anthropic-ai/sdk/resources/messages";
import type { LMError } from "../lm/errors.ts";
import type { LM, LMCapabilities, LMRequest, LMResponse, Message, ResponseFormat, Usage } from "../lm/types.ts";
import {
  type CallContext,
  lmErrorFor,
  lmErrorFromHttpFailure,
  transportLMError,
  truncatedError,
} from "./errors-map.ts";
import { anthropicDefaultBaseURL, anthropicIdentity } from "./provider-identity.ts";
import { defaultTimeoutMs, type LMDefaults, type ProviderLMOptions } from "./provider-options.ts";
import { rateLimitSnapshotFromHeaders } from "./rate-limit-headers.ts";
import { retryAfterMsFromHeaders } from "./retry-after.ts";

export { anthropicDefaultBaseURL };

/** The Messages API requires max_tokens; this is sent when neither request nor defaults set it. */
export const anthropicDefaultMaxTokens = 1024;

export interface AnthropicLMOptions extends ProviderLMOptions {
  /** Overrides the capability table's answer on `output_config.format` support. */
  structuredOutputs?: boolean;
}

/**
 * An LM over Anthropic's Messages API. System messages become the `system` parameter,
 * consecutive same-role turns are merged, JSON is asked for through `output_config.format` on
 * models that support it and through a system instruction otherwise. Temperature is not sent:
 * the SDK this is built on no longer exposes sampling parameters.
 *
 * @example
 * const lm = new AnthropicLM({ model: "claude-haiku-4-5", apiKey: key });
 * const { text } = await lm.call({ messages: [{ role: "user", content: "hi" }] });
 */
export class AnthropicLM implements LM {
  readonly model: string;
  readonly capabilities: LMCapabilities;
  readonly endpoint: string;
  private readonly client: Anthropic;
  private readonly context: CallContext;
  private readonly options: AnthropicLMOptions;
  private readonly now: () => number;

  constructor(options: AnthropicLMOptions) {
    this.options = options;
    ({ model: this.model, endpoint: this.endpoint, capabilities: this.capabilities } = anthropicIdentity(options));
    this.context = { provider: "anthropic", model: options.model };
    this.now = options.now ?? Date.now;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? anthropicDefaultBaseURL,
      timeout: options.timeoutMs ?? defaultTimeoutMs,
      maxRetries: 0,
      defaultHeaders: options.headers,
      logLevel: "off",
    });
  }

  async call(request: LMRequest): Promise<LMResponse> {
    const body = anthropicRequestBody(
      this.options.model,
      this.capabilities.structuredOutputs,
      request,
      this.options.defaults ?? {},
    );
    const started = this.now();
    let message: AnthropicMessage;
    let headers: Headers;
    try {
      ({
        data: message,
        response: { headers },
      } = await this.client.messages.create(body, { signal: request.signal }).withResponse());
    } catch (error) {
      throw this.toLMError(error, request.signal);
    }
    const response = this.toResponse(message, this.now() - started);
    const rateLimit = rateLimitSnapshotFromHeaders(headers, this.now());
    return rateLimit ? { ...response, rateLimit } : response;
  }

  private toResponse(message: AnthropicMessage, latencyMs: number): LMResponse {
    if (message.stop_reason === "refusal") {
      throw lmErrorFor("content_filter", this.context, "stop reason refusal");
    }
    const usage = anthropicUsage(message.usage);
    if (message.stop_reason === "max_tokens") throw truncatedError(this.context, "stop reason max_tokens", usage);
    // Thinking blocks are the model's working, not its answer.
    const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
    return {
      text,
      usage,
      model: message.model || this.options.model,
      latencyMs,
      cached: false,
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
        code: error.errorCode ?? error.type ?? undefined,
        detail: error.apiMessage ?? undefined,
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

const jsonInstruction = "Respond with a single JSON object and nothing else: no prose, no code fences.";

/**
 * The Messages API body for a request: system messages joined into `system`, the rest merged
 * into alternating turns, max_tokens always set, JSON through `output_config.format` when
 * `structuredOutputs` holds and through an appended system instruction otherwise. A thinking
 * budget turns on extended thinking; max_tokens then leaves room for the answer after it.
 *
 * @example
 * anthropicRequestBody("claude-haiku-4-5", true, { messages }, {}).max_tokens; // 1024
 */
export function anthropicRequestBody(
  model: string,
  structuredOutputs: boolean,
  request: LMRequest,
  defaults: LMDefaults,
): MessageCreateParamsNonStreaming {
  const systemParts = request.messages.filter((m) => m.role === "system").map((m) => m.content);
  const format = request.responseFormat;
  const useOutputFormat = format?.type === "json_schema" && structuredOutputs;
  const instruction = useOutputFormat ? undefined : jsonInstructionFor(format);
  if (instruction) systemParts.push(instruction);
  const maxTokens = request.maxTokens ?? defaults.maxTokens ?? anthropicDefaultMaxTokens;
  const thinkingBudget = defaults.thinkingBudget ?? 0;
  const body: MessageCreateParamsNonStreaming = {
    model,
    // The thinking budget counts against max_tokens, which must exceed it.
    max_tokens: thinkingBudget > 0 && maxTokens <= thinkingBudget ? thinkingBudget + maxTokens : maxTokens,
    messages: mergeTurns(request.messages),
  };
  if (thinkingBudget > 0) body.thinking = { type: "enabled", budget_tokens: thinkingBudget };
  if (systemParts.length > 0) body.system = systemParts.join("\n\n");
  if (useOutputFormat) body.output_config = { format: { type: "json_schema", schema: format.schema } };
  return body;
}

function jsonInstructionFor(format: ResponseFormat | undefined): string | undefined {
  if (format?.type === "json_object") return jsonInstruction;
  if (format?.type === "json_schema")
    return `${jsonInstruction} It must match this JSON schema: ${JSON.stringify(format.schema)}`;
  return undefined;
}

/**
 * User and assistant messages as alternating turns: consecutive same-role messages are joined,
 * and a conversation that would open with the assistant gets an empty-handed user turn first.
 */
function mergeTurns(messages: readonly Message[]): MessageParam[] {
  const turns: { role: "user" | "assistant"; parts: string[] }[] = [];
  for (const message of messages) {
    if (message.role === "system") continue;
    const last = turns.at(-1);
    if (last?.role === message.role) last.parts.push(message.content);
    else turns.push({ role: message.role, parts: [message.content] });
  }
  if (turns[0]?.role !== "user") turns.unshift({ role: "user", parts: ["(continue)"] });
  return turns.map((turn) => ({ role: turn.role, content: turn.parts.join("\n\n") }));
}

/** Anthropic counts cache reads and writes apart from input_tokens; ours include them. */
function anthropicUsage(usage: AnthropicMessage["usage"]): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens + cacheRead + cacheWrite,
    outputTokens: usage.output_tokens,
    cachedInputTokens: cacheRead,
    reasoningTokens: usage.output_tokens_details?.thinking_tokens ?? 0,
  };
}
