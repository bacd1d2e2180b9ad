import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LMError } from "../lm/errors.ts";
import { withRetry } from "../lm/retry.ts";
import type { LMRequest } from "../lm/types.ts";
import { OpenAILM } from "./openai.ts";
import { RecordingServer } from "./testing/recording-server.ts";

const apiKey = "sk-test-SECRET-0123456789";
const prompt = "My booking reference is ZX-PRIVATE-991";

function completion(overrides: Record<string, unknown> = {}) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-4o-mini-2024-07-18",
    choices: [
      { index: 0, finish_reason: "stop", message: { role: "assistant", content: '{"ok": true}', refusal: null } },
    ],
    usage: {
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 64 },
      completion_tokens_details: { reasoning_tokens: 12 },
    },
    ...overrides,
  };
}

const request: LMRequest = {
  messages: [
    { role: "system", content: "You judge support replies." },
    { role: "user", content: prompt },
  ],
  temperature: 0.2,
  maxTokens: 200,
};

describe("OpenAILM", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const lmFor = (model: string, timeoutMs = 5000) =>
    new OpenAILM({ model, apiKey, baseURL: `${server.url}/v1`, timeoutMs });

  it("sends model, messages, temperature, max_tokens and the bearer key to /v1/chat/completions", async () => {
    server.enqueue({ status: 200, body: completion() });

    await lmFor("gpt-4o-mini").call(request);

    const sent = server.lastRequest;
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(sent?.body).toMatchObject({ model: "gpt-4o-mini", temperature: 0.2, max_tokens: 200 });
    expect(sent?.body.messages).toEqual(request.messages);
    expect(sent?.body).not.toHaveProperty("response_format");
  });

  it("returns the text, usage with cached and reasoning tokens, the reported model and latency", async () => {
    server.enqueue({ status: 200, body: completion() });

    const response = await lmFor("gpt-4o-mini").call(request);

    expect(response.text).toBe('{"ok": true}');
    expect(response.usage).toEqual({ inputTokens: 120, outputTokens: 30, cachedInputTokens: 64, reasoningTokens: 12 });
    expect(response.model).toBe("gpt-4o-mini-2024-07-18");
    expect(response.latencyMs).toBeGreaterThanOrEqual(0);
    expect(response.cached).toBe(false);
  });

  it("asks for strict json_schema structured output on a model that supports it", async () => {
    server.enqueue({ status: 200, body: completion() });
    const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] };

    await lmFor("gpt-4o-mini").call({
      ...request,
      responseFormat: { type: "json_schema", name: "judge output", schema },
    });

    expect(server.lastRequest?.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "judge_output", schema, strict: true },
    });
  });

  it("falls back to json_object for an unknown model behind a custom base URL", async () => {
    server.enqueue({ status: 200, body: completion({ model: "llama3.1:8b" }) });
    const lm = lmFor("llama3.1:8b");

    await lm.call({ ...request, responseFormat: { type: "json_schema", name: "out", schema: { type: "object" } } });

    expect(lm.capabilities).toMatchObject({ structuredOutputs: false, jsonMode: true });
    expect(server.lastRequest?.body.response_format).toEqual({ type: "json_object" });
  });

  it("sends max_completion_tokens and no temperature to a reasoning model", async () => {
    server.enqueue({ status: 200, body: completion({ model: "o3-mini" }) });

    await lmFor("o3-mini").call(request);

    expect(server.lastRequest?.body).toMatchObject({ max_completion_tokens: 200 });
    expect(server.lastRequest?.body).not.toHaveProperty("max_tokens");
    expect(server.lastRequest?.body).not.toHaveProperty("temperature");
  });

  it("retries a 429 after the retry-after delay and then succeeds", async () => {
    server.enqueue(
      {
        status: 429,
        body: { error: { message: "slow down", code: "rate_limit_exceeded" } },
        headers: { "retry-after": "2" },
      },
      { status: 200, body: completion() },
    );
    const waits: number[] = [];
    const lm = withRetry(lmFor("gpt-4o-mini"), { sleep: async (ms) => void waits.push(ms), random: () => 0 });

    const response = await lm.call(request);

    expect(response.text).toBe('{"ok": true}');
    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([2000]);
  });

  it("really waits out a short retry-after-ms before the second attempt", async () => {
    server.enqueue(
      { status: 429, body: { error: { message: "slow down" } }, headers: { "retry-after-ms": "150" } },
      { status: 200, body: completion() },
    );
    const lm = withRetry(lmFor("gpt-4o-mini"), { random: () => 0 });
    const started = Date.now();

    await lm.call(request);

    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("does not retry a 401 and keeps the key and prompt out of the error", async () => {
    const echo = `Incorrect API key provided: ${apiKey}. Prompt was: ${prompt}`;
    server.enqueue({ status: 401, body: { error: { message: echo, code: "invalid_api_key" } } });
    const lm = withRetry(lmFor("gpt-4o-mini"), { sleep: async () => {} });

    const error = await lm.call(request).catch((caught: unknown) => caught);

    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(LMError);
    expect(error).toMatchObject({ kind: "auth", provider: "openai", model: "gpt-4o-mini", status: 401 });
    for (const text of [String(error), (error as Error).message, JSON.stringify({ ...(error as object) })]) {
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain("ZX-PRIVATE-991");
    }
  });

  it("maps a context-length 400 to context_window", async () => {
    server.enqueue({
      status: 400,
      body: { error: { message: "maximum context length is 128000 tokens", code: "context_length_exceeded" } },
    });

    const error = await lmFor("gpt-4o-mini")
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "context_window", status: 400 });
  });

  it("maps a content_filter finish reason to content_filter", async () => {
    const filtered = completion({
      choices: [
        { index: 0, finish_reason: "content_filter", message: { role: "assistant", content: "", refusal: null } },
      ],
    });
    server.enqueue({ status: 200, body: filtered });

    const error = await lmFor("gpt-4o-mini")
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "content_filter" });
  });

  it("maps a structured-output refusal to content_filter without quoting it", async () => {
    const refused = completion({
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: null, refusal: prompt } }],
    });
    server.enqueue({ status: 200, body: refused });

    const error = await lmFor("gpt-4o-mini")
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "content_filter" });
    expect(String(error)).not.toContain("ZX-PRIVATE-991");
  });

  it("reports a timeout when the server answers later than timeoutMs", async () => {
    server.enqueue({ status: 200, body: completion(), delayMs: 400 });

    const error = await lmFor("gpt-4o-mini", 100)
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "timeout" });
  });

  it("reports cancelled when the request's signal aborts mid-call", async () => {
    server.enqueue({ status: 200, body: completion(), delayMs: 400 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);

    const error = await lmFor("gpt-4o-mini")
      .call({ ...request, signal: controller.signal })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "cancelled" });
  });

  it("reports a refused connection as a retryable server error", async () => {
    const closed = await RecordingServer.start();
    await closed.close();
    const lm = new OpenAILM({ model: "gpt-4o-mini", apiKey, baseURL: `${closed.url}/v1` });

    const error = await lm.call(request).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "server" });
    expect((error as Error).message).toContain("ECONNREFUSED");
  });
});
