import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withRetry } from "../lm/retry.ts";
import type { LMRequest } from "../lm/types.ts";
import { AnthropicLM } from "./anthropic.ts";
import { RecordingServer } from "./testing/recording-server.ts";

const apiKey = "sk-ant-SECRET-abcdef";
const prompt = "Customer: my card ending 4242 was charged twice";

function message(overrides: Record<string, unknown> = {}) {
  return {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "claude-haiku-4-5-20251001",
    content: [{ type: "text", text: '{"satisfied": false}', citations: null }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: {
      input_tokens: 100,
      output_tokens: 20,
      cache_read_input_tokens: 50,
      cache_creation_input_tokens: 10,
      output_tokens_details: { thinking_tokens: 5 },
    },
    ...overrides,
  };
}

const request: LMRequest = {
  messages: [
    { role: "system", content: "You judge support replies." },
    { role: "system", content: "Be strict." },
    { role: "user", content: prompt },
    { role: "user", content: "Support: sorry about that." },
    { role: "assistant", content: "Noted." },
    { role: "user", content: "Verdict?" },
  ],
};

describe("AnthropicLM", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const lmFor = (model: string) => new AnthropicLM({ model, apiKey, baseURL: server.url, timeoutMs: 5000 });

  it("joins system messages, merges same-role turns and sends the default max_tokens with the key", async () => {
    server.enqueue({ status: 200, body: message() });

    await lmFor("claude-haiku-4-5").call(request);

    const sent = server.lastRequest;
    expect(sent?.path).toBe("/v1/messages");
    // SDK 1.x sends the key as a bearer token; older ones used x-api-key.
    expect(sent?.headers.authorization ?? sent?.headers["x-api-key"]).toContain(apiKey);
    expect(sent?.headers["anthropic-version"]).toBeTruthy();
    expect(sent?.body).toMatchObject({
      model: "claude-haiku-4-5",
      max_tokens: 1024,
      system: "You judge support replies.\n\nBe strict.",
    });
    expect(sent?.body.messages).toEqual([
      { role: "user", content: `${prompt}\n\nSupport: sorry about that.` },
      { role: "assistant", content: "Noted." },
      { role: "user", content: "Verdict?" },
    ]);
  });

  it("returns text, usage counting cache reads and writes as input, the reported model", async () => {
    server.enqueue({ status: 200, body: message() });

    const response = await lmFor("claude-haiku-4-5").call(request);

    expect(response.text).toBe('{"satisfied": false}');
    expect(response.usage).toEqual({ inputTokens: 160, outputTokens: 20, cachedInputTokens: 50, reasoningTokens: 5 });
    expect(response.model).toBe("claude-haiku-4-5-20251001");
  });

  it("asks for output_config.format on a model with structured outputs", async () => {
    server.enqueue({ status: 200, body: message() });
    const schema = { type: "object", properties: { satisfied: { type: "boolean" } } };

    await lmFor("claude-sonnet-4-6").call({
      ...request,
      maxTokens: 300,
      responseFormat: { type: "json_schema", name: "o", schema },
    });

    expect(server.lastRequest?.body).toMatchObject({
      max_tokens: 300,
      output_config: { format: { type: "json_schema", schema } },
    });
  });

  it("asks an older model for JSON through a system instruction", async () => {
    server.enqueue({ status: 200, body: message() });

    await lmFor("claude-3-5-haiku-20241022").call({ ...request, responseFormat: { type: "json_object" } });

    expect(server.lastRequest?.body).not.toHaveProperty("output_config");
    expect(server.lastRequest?.body.system).toMatch(/Be strict\.\n\nRespond with a single JSON object/);
  });

  it("retries a 429 after anthropic's retry-after and an overloaded 529", async () => {
    server.enqueue(
      {
        status: 429,
        body: { type: "error", error: { type: "rate_limit_error", message: "x" } },
        headers: { "retry-after": "3" },
      },
      { status: 529, body: { type: "error", error: { type: "overloaded_error", message: "busy" } } },
      { status: 200, body: message() },
    );
    const waits: number[] = [];
    const lm = withRetry(lmFor("claude-haiku-4-5"), { sleep: async (ms) => void waits.push(ms), random: () => 0.5 });

    const response = await lm.call(request);

    expect(response.text).toBe('{"satisfied": false}');
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([3000, 500]);
  });

  it("does not retry a 401 and keeps the key and prompt out of the error", async () => {
    const echo = `invalid x-api-key ${apiKey} for ${prompt}`;
    server.enqueue({ status: 401, body: { type: "error", error: { type: "authentication_error", message: echo } } });
    const lm = withRetry(lmFor("claude-haiku-4-5"), { sleep: async () => {} });

    const error = await lm.call(request).catch((caught: unknown) => caught);

    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ kind: "auth", provider: "anthropic", status: 401 });
    for (const text of [String(error), JSON.stringify({ ...(error as object) })]) {
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain("4242");
    }
  });

  it("maps a prompt-too-long 400 to context_window", async () => {
    const body = {
      type: "error",
      error: { type: "invalid_request_error", message: "prompt is too long: 210000 tokens > 200000 maximum" },
    };
    server.enqueue({ status: 400, body });

    const error = await lmFor("claude-haiku-4-5")
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "context_window" });
  });

  it("maps a refusal stop reason to content_filter", async () => {
    server.enqueue({ status: 200, body: message({ stop_reason: "refusal", content: [] }) });

    const error = await lmFor("claude-haiku-4-5")
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "content_filter" });
  });
});
