import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LMError } from "../lm/errors.ts";
import type { LMRequest } from "../lm/types.ts";
import { AnthropicLM } from "./anthropic.ts";
import { OpenAILM } from "./openai.ts";
import { recordedHeaders } from "./testing/recorded-headers.ts";
import { RecordingServer } from "./testing/recording-server.ts";

/** A recorded response's headers without its content type (the server sets its own), and when it was recorded. */
function recorded(name: string): { headers: Record<string, string>; at: number } {
  const { headers, at } = recordedHeaders(name);
  const { "Content-Type": _, ...rest } = headers;
  return { headers: rest, at };
}

const request: LMRequest = { messages: [{ role: "user", content: "hi" }], maxTokens: 20 };

const chatCompletion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-mini",
  choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "ok", refusal: null } }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
};

const anthropicMessage = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-3-opus-20240229",
  content: [{ type: "text", text: "ok" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 5, output_tokens: 1 },
};

describe("provider LMs surface rate-limit headers", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it("OpenAILM puts a successful response's x-ratelimit-* headers on the LMResponse", async () => {
    const { headers, at } = recorded("openai-chat-completion-200.json");
    server.enqueue({ status: 200, body: chatCompletion, headers });
    const lm = new OpenAILM({ model: "gpt-4o-mini", apiKey: "sk-test", baseURL: `${server.url}/v1`, now: () => at });

    const response = await lm.call(request);

    expect(response.rateLimit).toEqual({
      requests: { limit: 15_000, remaining: 9999, resetMs: 4 },
      tokens: { limit: 2_000_000, remaining: 999_910, resetMs: 2 },
    });
  });

  it("OpenAILM puts a 429's headers on the rate_limit LMError", async () => {
    server.enqueue({
      status: 429,
      body: { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } },
      headers: { "retry-after-ms": "40", "x-ratelimit-limit-requests": "500", "x-ratelimit-remaining-requests": "0" },
    });
    const lm = new OpenAILM({ model: "gpt-4o-mini", apiKey: "sk-test", baseURL: `${server.url}/v1` });

    const error = (await lm.call(request).catch((caught: unknown) => caught)) as LMError;

    expect(error).toMatchObject({ kind: "rate_limit", retryAfterMs: 40 });
    expect(error.rateLimit).toEqual({ requests: { limit: 500, remaining: 0 }, retryAfterMs: 40 });
  });

  it("AnthropicLM puts a successful response's anthropic-ratelimit-* headers on the LMResponse", async () => {
    const { headers, at } = recorded("anthropic-messages-200.json");
    server.enqueue({ status: 200, body: anthropicMessage, headers });
    const lm = new AnthropicLM({
      model: "claude-3-opus-20240229",
      apiKey: "sk-ant",
      baseURL: server.url,
      now: () => at,
    });

    const response = await lm.call(request);

    expect(response.rateLimit).toEqual({
      requests: { limit: 5, remaining: 5, resetMs: 60_000 },
      tokens: { limit: 10_000, remaining: 10_000, resetMs: 60_000 },
    });
  });

  it("leaves rateLimit off a response whose server sends no such headers", async () => {
    server.enqueue({ status: 200, body: chatCompletion });
    const lm = new OpenAILM({ model: "gpt-4o-mini", apiKey: "sk-test", baseURL: `${server.url}/v1` });

    expect((await lm.call(request)).rateLimit).toBeUndefined();
  });
});
