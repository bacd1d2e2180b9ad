import { LMError, type LMErrorKind, type LMRequest } from "@judgeloop/core";
import { AnthropicLM, GeminiLM, OpenAILM } from "@judgeloop/core/providers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RecordingServer } from "../../packages/core/src/providers/testing/recording-server.ts";
import { recordedBody } from "./support/recorded.ts";

// Real responses recorded by other projects against the providers' APIs (provenance beside each
// file in testdata/recorded), served from 127.0.0.1 and parsed by the real provider classes.

const request: LMRequest = { messages: [{ role: "user", content: "Is the reply satisfying?" }], maxTokens: 50 };

let server: RecordingServer;
beforeAll(async () => {
  server = await RecordingServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

async function failureOf(call: Promise<unknown>): Promise<LMError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof LMError)) throw new Error(`expected an LMError, got ${String(error)}`);
  return error;
}

function expectKind(error: LMError, kind: LMErrorKind, provider: string): void {
  expect(error.kind).toBe(kind);
  expect(error.provider).toBe(provider);
  expect(error.message).not.toContain("Is the reply satisfying?");
}

describe("OpenAILM on recorded chat completions", () => {
  const lm = (model: string) =>
    new OpenAILM({ model, apiKey: "sk-recorded", baseURL: `${server.url}/v1`, timeoutMs: 5000 });

  it("counts cached prompt tokens as part of the input", async () => {
    server.enqueue({ status: 200, body: await recordedBody("openai", "cached-tokens") });

    const response = await lm("gpt-5.6-sol").call(request);

    expect(response.text).toBe("OK");
    expect(response.usage).toEqual({ inputTokens: 4020, outputTokens: 4, cachedInputTokens: 4012, reasoningTokens: 0 });
  });

  it("reads a reasoning model's reasoning tokens and reported snapshot", async () => {
    server.enqueue({ status: 200, body: await recordedBody("openai", "reasoning-tokens") });

    const response = await lm("o3-mini").call(request);

    expect(response.text).toBe("Hello there! How can I help you today?");
    expect(response.usage).toEqual({ inputTokens: 7, outputTokens: 87, cachedInputTokens: 0, reasoningTokens: 64 });
    expect(response.model).toBe("o3-mini-2025-01-31");
  });

  it("fails a completion cut at finish_reason length as truncated, keeping the tokens it spent", async () => {
    server.enqueue({ status: 200, body: await recordedBody("openai", "finish-length") });

    const error = await failureOf(lm("gpt-5-mini").call(request));

    expectKind(error, "truncated", "openai");
    expect(error.usage).toEqual({ inputTokens: 13, outputTokens: 50, cachedInputTokens: 0, reasoningTokens: 50 });
  });

  it("fails a refusal as content_filter, keeping the refusal text out of the message", async () => {
    server.enqueue({ status: 200, body: await recordedBody("openai", "refusal") });

    const error = await failureOf(lm("gpt-4o").call(request));

    expectKind(error, "content_filter", "openai");
    expect(error.message).not.toContain("I'm very sorry");
  });
});

describe("AnthropicLM on recorded messages", () => {
  const lm = (model: string) =>
    new AnthropicLM({ model, apiKey: "sk-ant-recorded", baseURL: server.url, timeoutMs: 5000 });

  it("adds cache reads and writes to the input and reports the reads as cached", async () => {
    const body = await recordedBody("anthropic", "cache-read");
    server.enqueue({ status: 200, body });

    const response = await lm("claude-sonnet-4-5-20250929").call(request);

    expect(response.text).toBe(body.content[0].text);
    expect(response.usage).toEqual({
      inputTokens: 3 + 1111 + 418,
      outputTokens: 33,
      cachedInputTokens: 1111,
      reasoningTokens: 0,
    });
    expect(response.model).toBe("claude-sonnet-4-5-20250929");
  });

  it("returns only the text block of an answer that opens with a thinking block", async () => {
    const body = await recordedBody("anthropic", "thinking-block");
    server.enqueue({ status: 200, body });

    const response = await lm("claude-sonnet-4-5-20250929").call(request);

    expect(body.content.map((block: { type: string }) => block.type)).toEqual(["thinking", "text"]);
    expect(response.text).toBe(body.content[1].text);
    expect(response.text).not.toContain(body.content[0].thinking);
    expect(response.usage).toEqual({ inputTokens: 43, outputTokens: 321, cachedInputTokens: 0, reasoningTokens: 0 });
  });

  it("reads thinking tokens from output_tokens_details", async () => {
    const body = await recordedBody("anthropic", "thinking-tokens");
    server.enqueue({ status: 200, body });

    const response = await lm("claude-opus-5").call(request);

    expect(response.text.startsWith("## Step 1: Set up the problem")).toBe(true);
    expect(response.text).not.toContain(body.content[0].thinking);
    expect(response.usage).toEqual({ inputTokens: 51, outputTokens: 1699, cachedInputTokens: 0, reasoningTokens: 139 });
  });

  it("fails an answer stopped at max_tokens as truncated, keeping the tokens it spent", async () => {
    server.enqueue({ status: 200, body: await recordedBody("anthropic", "max-tokens") });

    const error = await failureOf(lm("claude-haiku-4-5").call(request));

    expectKind(error, "truncated", "anthropic");
    expect(error.message).not.toContain("Alabama");
    expect(error.usage).toEqual({ inputTokens: 15, outputTokens: 50, cachedInputTokens: 0, reasoningTokens: 0 });
  });
});

describe("GeminiLM on recorded generateContent responses", () => {
  const lm = (model: string) =>
    new GeminiLM({ model, apiKey: "gemini-recorded", baseURL: server.url, timeoutMs: 5000 });

  it("reads cached content tokens and counts thoughts as output", async () => {
    server.enqueue({ status: 200, body: await recordedBody("gemini", "cached-and-thoughts") });

    const response = await lm("gemini-2.5-flash").call(request);

    expect(response.text.startsWith("This video demonstrates an AI assistant")).toBe(true);
    expect(response.usage).toEqual({
      inputTokens: 17713,
      outputTokens: 68 + 821,
      cachedInputTokens: 17379,
      reasoningTokens: 821,
    });
  });

  it("leaves thought parts out of the text", async () => {
    const body = await recordedBody("gemini", "thought-parts");
    server.enqueue({ status: 200, body });

    const response = await lm("gemini-3-pro-preview").call(request);

    const [thought, answer] = body.candidates[0].content.parts;
    expect(thought.thought).toBe(true);
    expect(response.text).toBe(answer.text);
    expect(response.text).not.toContain("My Thought Process");
    expect(response.usage).toEqual({
      inputTokens: 29,
      outputTokens: 736 + 1001,
      cachedInputTokens: 0,
      reasoningTokens: 1001,
    });
    expect(response.model).toBe("gemini-3-pro-preview");
  });

  it("fails an answer stopped at MAX_TOKENS as truncated, keeping the tokens it spent", async () => {
    server.enqueue({ status: 200, body: await recordedBody("gemini", "max-tokens") });

    const error = await failureOf(lm("gemini-2.5-flash").call(request));

    expectKind(error, "truncated", "gemini");
    expect(error.message).not.toContain("U.S. states");
    expect(error.usage).toEqual({ inputTokens: 9, outputTokens: 19 + 26, cachedInputTokens: 0, reasoningTokens: 26 });
  });

  it("fails a SAFETY finish as content_filter", async () => {
    server.enqueue({ status: 200, body: await recordedBody("gemini", "safety") });

    const error = await failureOf(lm("gemini-1.5-flash").call(request));

    expectKind(error, "content_filter", "gemini");
    expect(error.message).toContain("SAFETY");
  });
});
