import { describe, expect, it } from "vitest";
import { type CacheEntry, type CacheStore, cacheKey, MemoryCacheStore, withCache } from "./cache.ts";
import { LMError } from "./errors.ts";
import { FakeLM } from "./fake-lm.ts";
import type { LMRequest } from "./types.ts";

const model = "openai/gpt-4o-mini";
const request: LMRequest = {
  messages: [{ role: "user", content: "SECRET PROMPT about a refund" }],
  temperature: 0,
  maxTokens: 64,
};
const usage = { inputTokens: 12, outputTokens: 3, cachedInputTokens: 0, reasoningTokens: 0 };

describe("cacheKey", () => {
  it("is the same for equal requests and ignores the abort signal", () => {
    const again = { ...request, messages: [...request.messages], signal: new AbortController().signal };

    expect(cacheKey(model, again)).toBe(cacheKey(model, request));
    expect(cacheKey(model, request)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with the model, params and rollout id", () => {
    const base = cacheKey(model, request);

    expect(cacheKey("openai/gpt-4o", request)).not.toBe(base);
    expect(cacheKey(model, { ...request, temperature: 1 })).not.toBe(base);
    expect(cacheKey(model, { ...request, maxTokens: 65 })).not.toBe(base);
    expect(cacheKey(model, { ...request, responseFormat: { type: "json_object" } })).not.toBe(base);
    expect(cacheKey(model, { ...request, rolloutId: 1 })).not.toBe(base);
  });

  it("changes with the endpoint, and leaves it out for in-process models", () => {
    const base = cacheKey(model, request);

    expect(cacheKey(model, request, "http://127.0.0.1:11434/v1")).not.toBe(base);
    expect(cacheKey(model, request, "http://127.0.0.1:11434/v1")).not.toBe(
      cacheKey(model, request, "https://api.openai.com/v1"),
    );
    expect(cacheKey(model, request, undefined)).toBe(base);
  });
});

describe("withCache", () => {
  it("calls the model on a miss and answers a repeat from the cache with the original usage", async () => {
    const fake = new FakeLM([{ text: "yes", usage, costUsd: 0.002 }], { model });
    const lm = withCache(fake, new MemoryCacheStore(), { mode: "read-write" });

    const first = await lm.call(request);
    const second = await lm.call(request);

    expect(fake.callCount).toBe(1);
    expect(first).toMatchObject({ text: "yes", cached: false, costUsd: 0.002 });
    expect(second).toMatchObject({ text: "yes", usage, cached: true, costUsd: 0, model });
  });

  it("calls the model again for a different rollout id", async () => {
    const fake = new FakeLM(["a", "b"], { model });
    const lm = withCache(fake, new MemoryCacheStore(), { mode: "read-write" });

    await lm.call(request);
    const other = await lm.call({ ...request, rolloutId: 7 });

    expect(fake.callCount).toBe(2);
    expect(other).toMatchObject({ text: "b", cached: false });
  });

  it("makes one underlying call for concurrent identical requests", async () => {
    const fake = new FakeLM([{ text: "shared", usage }], { model, latencyMs: 5 });
    const lm = withCache(fake, new MemoryCacheStore(), { mode: "read-write" });

    const responses = await Promise.all([lm.call(request), lm.call(request), lm.call(request)]);

    expect(fake.callCount).toBe(1);
    expect(responses.map((r) => r.text)).toEqual(["shared", "shared", "shared"]);
    expect(responses.filter((r) => r.cached)).toHaveLength(2);
    expect(responses.filter((r) => r.cached).every((r) => r.costUsd === 0)).toBe(true);
  });

  it("does not cache failures", async () => {
    const failure = new LMError("server", "503", { provider: "openai", status: 503 });
    const fake = new FakeLM([failure, "recovered"], { model });
    const lm = withCache(fake, new MemoryCacheStore(), { mode: "read-write" });

    await expect(lm.call(request)).rejects.toBe(failure);
    const retried = await lm.call(request);

    expect(retried).toMatchObject({ text: "recovered", cached: false });
    expect(fake.callCount).toBe(2);
  });

  it("replays from the cache without ever calling the model", async () => {
    const store = new MemoryCacheStore();
    await withCache(new FakeLM([{ text: "recorded", usage }], { model }), store, { mode: "read-write" }).call(request);
    const offline = new FakeLM([], { model });
    const lm = withCache(offline, store, { mode: "replay" });

    const replayed = await lm.call(request);

    expect(replayed).toMatchObject({ text: "recorded", usage, cached: true, costUsd: 0 });
    expect(offline.callCount).toBe(0);
  });

  it("fails loudly on a replay miss, naming the model and key but not the prompt", async () => {
    const offline = new FakeLM(["never"], { model });
    const lm = withCache(offline, new MemoryCacheStore(), { mode: "replay" });

    const error = await lm.call(request).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LMError);
    expect(error).toMatchObject({ kind: "cache_miss", model, provider: "openai" });
    expect((error as Error).message).toContain(cacheKey(model, request).slice(0, 12));
    expect((error as Error).message).not.toContain("SECRET");
    expect(offline.callCount).toBe(0);
  });

  it("passes straight through when off", async () => {
    const fake = new FakeLM(["a", "b"], { model });
    const store = new MemoryCacheStore();
    const lm = withCache(fake, store, { mode: "off" });

    await lm.call(request);
    await lm.call(request);

    expect(fake.callCount).toBe(2);
    expect(store.size).toBe(0);
  });

  it("stores plain JSON entries through the port", async () => {
    const writes: CacheEntry[] = [];
    const store: CacheStore = {
      get: async () => undefined,
      set: async (_key, entry) => {
        writes.push(entry);
      },
    };
    const lm = withCache(new FakeLM([{ text: "x", usage, simulated: true }], { model }), store, { mode: "read-write" });

    await lm.call(request);

    expect(JSON.parse(JSON.stringify(writes))).toEqual([
      { model, text: "x", usage, responseModel: model, latencyMs: 0, costUsd: 0, simulated: true },
    ]);
  });
});
