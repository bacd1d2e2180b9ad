import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LMError } from "../lm/errors.ts";
import type { LMRequest } from "../lm/types.ts";
import { AnthropicLM } from "./anthropic.ts";
import { GeminiLM } from "./gemini.ts";
import { OpenAILM } from "./openai.ts";
import type { LMDefaults } from "./provider-options.ts";
import { openAICompletion } from "./testing/openai-completion.ts";
import { RecordingServer } from "./testing/recording-server.ts";

const apiKey = "test-key-SECRET";
const request: LMRequest = { messages: [{ role: "user", content: "Judge this reply." }], temperature: 0.7 };

function anthropicMessage(stopReason: string, content: unknown[] = [{ type: "text", text: '{"ok":' }]) {
  return {
    id: "m1",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-6",
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: 40, output_tokens: 512 },
  };
}

function geminiResponse(finishReason: string) {
  return {
    candidates: [{ content: { role: "model", parts: [{ text: '{"ok":' }] }, finishReason, index: 0 }],
    usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 12, thoughtsTokenCount: 500 },
    modelVersion: "gemini-2.5-flash",
  };
}

describe("provider LMs on reasoning settings and truncation", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const openAI = (model: string, defaults: LMDefaults = {}) =>
    new OpenAILM({ model, apiKey, baseURL: `${server.url}/v1`, timeoutMs: 5000, defaults });
  const anthropic = (model: string, defaults: LMDefaults = {}) =>
    new AnthropicLM({ model, apiKey, baseURL: server.url, timeoutMs: 5000, defaults });
  const gemini = (model: string, defaults: LMDefaults = {}) =>
    new GeminiLM({ model, apiKey, baseURL: server.url, timeoutMs: 5000, defaults });

  it("OpenAILM sends reasoning_effort and max_completion_tokens, and no temperature, to a reasoning model", async () => {
    server.enqueue({ status: 200, body: openAICompletion('{"ok": true}', { model: "o4-mini" }) });

    await openAI("o5-mini", { reasoningEffort: "low" }).call({ ...request, maxTokens: 9000 });

    expect(server.lastRequest?.body).toMatchObject({ reasoning_effort: "low", max_completion_tokens: 9000 });
    expect(server.lastRequest?.body).not.toHaveProperty("temperature");
  });

  it("OpenAILM sends no reasoning_effort to a chat model, which keeps its temperature", async () => {
    server.enqueue({ status: 200, body: openAICompletion('{"ok": true}', { model: "o4-mini" }) });

    await openAI("gpt-4o-mini", { reasoningEffort: "high" }).call(request);

    expect(server.lastRequest?.body).toMatchObject({ temperature: 0.7 });
    expect(server.lastRequest?.body).not.toHaveProperty("reasoning_effort");
  });

  it("OpenAILM reports finish_reason length as truncated, with the tokens it consumed", async () => {
    server.enqueue({
      status: 200,
      body: openAICompletion('{"ok":', { finishReason: "length", model: "o4-mini", completionTokens: 512 }),
    });

    const error = await openAI("o4-mini")
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LMError);
    expect(error).toMatchObject({ kind: "truncated", provider: "openai", model: "o4-mini" });
    expect((error as LMError).usage).toMatchObject({ inputTokens: 40, outputTokens: 512 });
  });

  it("AnthropicLM turns on extended thinking with the budget, leaving max_tokens room above it", async () => {
    server.enqueue({ status: 200, body: anthropicMessage("end_turn") });
    const lm = anthropic("claude-sonnet-4-6", { thinkingBudget: 8000 });

    await lm.call({ ...request, maxTokens: 4000 });

    expect(server.lastRequest?.body).toMatchObject({
      thinking: { type: "enabled", budget_tokens: 8000 },
      max_tokens: 12000,
    });
    expect(lm.capabilities).toMatchObject({ reasoning: true, fixedTemperature: true });
  });

  it("AnthropicLM answers with the text blocks only, leaving thinking blocks out", async () => {
    const content = [
      { type: "thinking", thinking: "The reply ignores the refund.", signature: "sig" },
      { type: "text", text: '{"satisfied": false}' },
    ];
    server.enqueue({ status: 200, body: anthropicMessage("end_turn", content) });

    const response = await anthropic("claude-sonnet-4-6", { thinkingBudget: 2000 }).call(request);

    expect(response.text).toBe('{"satisfied": false}');
  });

  it("AnthropicLM reports stop_reason max_tokens as truncated", async () => {
    server.enqueue({ status: 200, body: anthropicMessage("max_tokens") });

    const error = await anthropic("claude-haiku-4-5")
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "truncated", provider: "anthropic" });
    expect((error as LMError).usage?.outputTokens).toBe(512);
  });

  it("GeminiLM sends thinkingConfig.thinkingBudget when a budget is set", async () => {
    server.enqueue({ status: 200, body: geminiResponse("STOP") });

    await gemini("gemini-2.5-flash", { thinkingBudget: 1024 }).call(request);

    expect(server.lastRequest?.body.generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 1024 } });
  });

  it("GeminiLM reports finish reason MAX_TOKENS as truncated, counting thinking tokens as output", async () => {
    server.enqueue({ status: 200, body: geminiResponse("MAX_TOKENS") });

    const error = await gemini("gemini-2.5-flash")
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "truncated", provider: "gemini" });
    expect((error as LMError).usage?.outputTokens).toBe(512);
  });
});
