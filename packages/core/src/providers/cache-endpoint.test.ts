import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemoryCacheStore } from "../lm/cache.ts";
import { createLM } from "../lm/create-lm.ts";
import type { LMRequest } from "../lm/types.ts";
import { OpenAILM } from "./openai.ts";
import { openAICompletion } from "./testing/openai-completion.ts";
import { RecordingServer } from "./testing/recording-server.ts";

const request: LMRequest = { messages: [{ role: "user", content: "Judge this reply." }], temperature: 0 };

describe("withCache over OpenAI-compatible endpoints", () => {
  let ollama: RecordingServer;
  let other: RecordingServer;
  beforeAll(async () => {
    [ollama, other] = await Promise.all([RecordingServer.start(), RecordingServer.start()]);
  });
  afterAll(async () => {
    await Promise.all([ollama.close(), other.close()]);
  });
  beforeEach(() => {
    ollama.reset();
    other.reset();
  });

  const stack = (server: RecordingServer, store: MemoryCacheStore) =>
    createLM("openai/llama3.1:8b", {
      providerFactory: () => new OpenAILM({ model: "llama3.1:8b", apiKey: "k", baseURL: `${server.url}/v1` }),
      cache: { store, mode: "read-write" },
      retry: false,
    });

  it("never serves one endpoint's answer for the same model name at another endpoint", async () => {
    const store = new MemoryCacheStore();
    ollama.enqueue({ status: 200, body: openAICompletion('{"from": "ollama"}') });
    other.enqueue({ status: 200, body: openAICompletion('{"from": "other"}') });

    const first = await stack(ollama, store).call(request);
    const second = await stack(other, store).call(request);
    const again = await stack(ollama, store).call(request);

    expect(first.text).toBe('{"from": "ollama"}');
    expect(second).toMatchObject({ text: '{"from": "other"}', cached: false });
    expect(again).toMatchObject({ text: '{"from": "ollama"}', cached: true });
    expect(store.size).toBe(2);
  });

  it("stores no truncated answer: the doubled retry's full answer is what a repeat gets", async () => {
    const store = new MemoryCacheStore();
    ollama.enqueue(
      { status: 200, body: openAICompletion('{"verdict": "sat', { finishReason: "length" }) },
      { status: 200, body: openAICompletion('{"verdict": "satisfied"}') },
    );
    const lm = stack(ollama, store);

    const response = await lm.call(request);
    const repeat = await lm.call(request);

    expect(response.text).toBe('{"verdict": "satisfied"}');
    expect(ollama.requests.map((sent) => sent.body.max_tokens)).toEqual([4096, 8192]);
    expect(repeat).toMatchObject({ text: '{"verdict": "satisfied"}', cached: true });
    expect(store.size).toBe(1);
  });

  it("stores neither an empty answer nor an error, so the next call asks again", async () => {
    const store = new MemoryCacheStore();
    ollama.enqueue(
      { status: 200, body: openAICompletion("") },
      { status: 400, body: { error: { message: "bad request" } } },
      { status: 200, body: openAICompletion('{"ok": true}') },
    );
    const lm = stack(ollama, store);

    const empty = await lm.call(request);
    const failure = await lm.call(request).catch((caught: unknown) => caught);
    const answer = await lm.call(request);

    expect(empty.text).toBe("");
    expect(failure).toMatchObject({ kind: "bad_request" });
    expect(answer).toMatchObject({ text: '{"ok": true}', cached: false });
    expect(ollama.requests).toHaveLength(3);
    expect(store.size).toBe(1);
  });
});
