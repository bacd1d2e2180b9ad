import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lazyProviderLM, preloadProviders } from "./lazy-provider-lm.ts";
import { RecordingServer } from "./testing/recording-server.ts";

function completion(content: string) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-4o-mini",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content, refusal: null } }],
    usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 },
  };
}

describe("lazyProviderLM", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(async () => {
    await server.close();
  });

  it("calls the provider over its wire protocol once its module has loaded", async () => {
    server.enqueue({ status: 200, body: completion("first") });
    server.enqueue({ status: 200, body: completion("second") });
    const lm = lazyProviderLM({
      provider: "openai",
      options: { model: "gpt-4o-mini", apiKey: "sk-test", baseURL: `${server.url}/v1` },
    });

    const first = await lm.call({ messages: [{ role: "user", content: "hi" }] });
    const second = await lm.call({ messages: [{ role: "user", content: "again" }] });

    expect([first.text, second.text]).toEqual(["first", "second"]);
    expect(first.usage.inputTokens).toBe(11);
    expect(server.requests.map((r) => r.path)).toEqual(["/v1/chat/completions", "/v1/chat/completions"]);
  });

  it("has its endpoint before any call", () => {
    const lm = lazyProviderLM({ provider: "gemini", options: { model: "gemini-2.5-flash", apiKey: "k" } });

    expect(lm.endpoint).toBe("https://generativelanguage.googleapis.com");
  });
});

describe("preloadProviders", () => {
  it("skips simulated models and unknown providers", async () => {
    await expect(preloadProviders(["sim/strong", "mistral/large", "openai/gpt-4o-mini"])).resolves.toBeUndefined();
  });
});
