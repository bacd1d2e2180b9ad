import type { LM, LMRequest, LMResponse, Message } from "../lm/types.ts";
import { wrapLM } from "../lm/types.ts";
import { genAi, judgeloopAttributes, providerOf } from "./span-attributes.ts";
import { errorTypeOf, type SpanAttributes, type Tracer } from "./tracer.ts";

/**
 * Records every call of `lm` as a GenAI client span, `chat {model}`, child of whatever span is
 * active (the stage, or the optimizer trial the call belongs to): provider, request and response
 * model, tokens, cost, whether the cache answered and whether the simulator did. Prompts and
 * completions are recorded only when the tracer allows it. Wrap it outside the cache, so hits
 * are seen.
 *
 * @example
 * const traced = withLMTracing(cachedLM, tracer);
 */
export function withLMTracing(lm: LM, tracer: Tracer): LM {
  const { provider, model } = providerOf(lm.model);
  const base: SpanAttributes = {
    [genAi.operationName]: "chat",
    [genAi.providerName]: provider,
    [genAi.system]: provider,
    [genAi.requestModel]: model,
    [judgeloopAttributes.model]: lm.model,
    ...serverOf(lm.endpoint),
  };
  async function call(request: LMRequest): Promise<LMResponse> {
    const span = tracer.startSpan(`chat ${model}`, {
      kind: "client",
      attributes: {
        ...base,
        [genAi.requestTemperature]: request.temperature,
        [genAi.requestMaxTokens]: request.maxTokens,
        ...(tracer.captureMessageContent && { [genAi.inputMessages]: inputMessages(request.messages) }),
      },
    });
    try {
      const response = await lm.call(request);
      span.setAttributes(responseAttributes(lm, response, tracer.captureMessageContent));
      return response;
    } catch (error) {
      span.fail(errorTypeOf(error));
      throw error;
    } finally {
      span.end();
    }
  }
  return wrapLM(lm, call);
}

function responseAttributes(lm: LM, response: LMResponse, capture: boolean): SpanAttributes {
  return {
    [genAi.responseModel]: response.model,
    [genAi.inputTokens]: response.usage.inputTokens,
    [genAi.outputTokens]: response.usage.outputTokens,
    [genAi.cacheReadInputTokens]: response.usage.cachedInputTokens || undefined,
    [genAi.reasoningOutputTokens]: response.usage.reasoningTokens || undefined,
    [judgeloopAttributes.costUsd]: response.costUsd,
    [judgeloopAttributes.cacheHit]: response.cached,
    [judgeloopAttributes.simulated]: response.simulated === true || lm.model.startsWith("sim/"),
    ...(capture && { [genAi.outputMessages]: outputMessages(response.text) }),
  };
}

/** server.address and server.port of an endpoint URL: never its path, query or user info. */
function serverOf(endpoint: string | undefined): SpanAttributes {
  if (endpoint === undefined) return {};
  try {
    const url = new URL(endpoint);
    const port = url.port === "" ? (url.protocol === "http:" ? 80 : 443) : Number(url.port);
    return { [genAi.serverAddress]: url.hostname, [genAi.serverPort]: port };
  } catch {
    return {};
  }
}

/** The conventions' JSON form of chat messages (role + text parts). */
function inputMessages(messages: readonly Message[]): string {
  return JSON.stringify(messages.map((m) => ({ role: m.role, parts: [{ type: "text", content: m.content }] })));
}

function outputMessages(text: string): string {
  return JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: text }], finish_reason: "stop" }]);
}
