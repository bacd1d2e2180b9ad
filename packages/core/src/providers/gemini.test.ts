import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withRetry } from "../lm/retry.ts";
import type { LMRequest } from "../lm/types.ts";
import { GeminiLM } from "./gemini.ts";
import { RecordingServer } from "./testing/recording-server.ts";

const apiKey = "AIza-SECRET-gemini-key";
const prompt = "Customer: my passport number is P1234567";

function generated(overrides: Record<string, unknown> = {}) {
  return {
    candidates: [
      { content: { role: "model", parts: [{ text: '{"satisfied": true}' }] }, finishReason: "STOP", index: 0 },
    ],
    usageMetadata: {
      promptTokenCount: 90,
      candidatesTokenCount: 15,
      cachedContentTokenCount: 40,
      thoughtsTokenCount: 25,
      totalTokenCount: 130,
    },
    modelVersion: "gemini-2.5-flash-001",
    responseId: "r1",
    ...overrides,
  };
}

function googleError(code: number, status: string, message: string, details: unknown[] = []) {
  return { error: { code, status, message, details } };
}

const request: LMRequest = {
  messages: [
    { role: "system", content: "You judge support replies." },
    { role: "user", content: prompt },
    { role: "assistant", content: "Noted." },
    { role: "user", content: "Verdict?" },
  ],
  temperature: 0,
  maxTokens: 256,
};

describe("GeminiLM", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const lmFor = (model: string, timeoutMs = 5000) => new GeminiLM({ model, apiKey, baseURL: server.url, timeoutMs });

  it("posts systemInstruction, user/model contents and generation settings with the key header", async () => {
    server.enqueue({ status: 200, body: generated() });

    await lmFor("gemini-2.5-flash").call(request);

    const sent = server.lastRequest;
    expect(sent?.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(sent?.headers["x-goog-api-key"]).toBe(apiKey);
    expect(sent?.body.systemInstruction).toMatchObject({ parts: [{ text: "You judge support replies." }] });
    expect(sent?.body.contents).toEqual([
      { role: "user", parts: [{ text: prompt }] },
      { role: "model", parts: [{ text: "Noted." }] },
      { role: "user", parts: [{ text: "Verdict?" }] },
    ]);
    expect(sent?.body.generationConfig).toEqual({ temperature: 0, maxOutputTokens: 256 });
  });

  it("asks for application/json with the response schema when structured output is requested", async () => {
    server.enqueue({ status: 200, body: generated() });
    const schema = { type: "object", properties: { satisfied: { type: "boolean" } }, required: ["satisfied"] };

    await lmFor("gemini-2.5-flash").call({ ...request, responseFormat: { type: "json_schema", name: "o", schema } });

    expect(server.lastRequest?.body.generationConfig).toMatchObject({
      responseMimeType: "application/json",
      responseJsonSchema: schema,
    });
  });

  it("returns text, usage with cached and thinking tokens, and the model version", async () => {
    server.enqueue({ status: 200, body: generated() });

    const response = await lmFor("gemini-2.5-flash").call(request);

    expect(response.text).toBe('{"satisfied": true}');
    expect(response.usage).toEqual({ inputTokens: 90, outputTokens: 40, cachedInputTokens: 40, reasoningTokens: 25 });
    expect(response.model).toBe("gemini-2.5-flash-001");
  });

  it("retries a 429 after the RetryInfo delay in the error body", async () => {
    const retryInfo = { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "7s" };
    server.enqueue(
      { status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", "quota", [retryInfo]) },
      { status: 200, body: generated() },
    );
    const waits: number[] = [];
    const lm = withRetry(lmFor("gemini-2.5-flash"), { sleep: async (ms) => void waits.push(ms), random: () => 0 });

    await lm.call(request);

    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([7000]);
  });

  it("honours a retry-after header on a 429", async () => {
    server.enqueue(
      { status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", "quota"), headers: { "retry-after": "4" } },
      { status: 200, body: generated() },
    );
    const waits: number[] = [];
    const lm = withRetry(lmFor("gemini-2.5-flash"), { sleep: async (ms) => void waits.push(ms), random: () => 0 });

    await lm.call(request);

    expect(waits).toEqual([4000]);
  });

  it("does not retry an invalid key and keeps the key and prompt out of the error", async () => {
    const keyInfo = { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" };
    const echo = `API key not valid: ${apiKey} (${prompt})`;
    server.enqueue({ status: 400, body: googleError(400, "INVALID_ARGUMENT", echo, [keyInfo]) });
    const lm = withRetry(lmFor("gemini-2.5-flash"), { sleep: async () => {} });

    const error = await lm.call(request).catch((caught: unknown) => caught);

    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ kind: "auth", provider: "gemini", status: 400 });
    for (const text of [String(error), JSON.stringify({ ...(error as object) })]) {
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain("P1234567");
    }
  });

  it("maps a blocked prompt to content_filter", async () => {
    server.enqueue({ status: 200, body: generated({ candidates: [], promptFeedback: { blockReason: "SAFETY" } }) });

    const error = await lmFor("gemini-2.5-flash")
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "content_filter" });
  });

  it("maps an over-long input to context_window", async () => {
    const message = "The input token count (2000000) exceeds the maximum number of tokens allowed (1048576).";
    server.enqueue({ status: 400, body: googleError(400, "INVALID_ARGUMENT", message) });

    const error = await lmFor("gemini-2.5-flash")
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "context_window" });
  });

  it("reports a timeout when the server answers later than timeoutMs", async () => {
    server.enqueue({ status: 200, body: generated(), delayMs: 400 });

    const error = await lmFor("gemini-2.5-flash", 100)
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "timeout" });
  });

  it("reports cancelled when the request's signal aborts mid-call", async () => {
    server.enqueue({ status: 200, body: generated(), delayMs: 400 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);

    const error = await lmFor("gemini-2.5-flash")
      .call({ ...request, signal: controller.signal })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "cancelled" });
  });
});
