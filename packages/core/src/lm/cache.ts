import { contentHash } from "../util/canonical-json.ts";
import { LMError } from "./errors.ts";
import { type LM, type LMRequest, type LMResponse, type Usage, wrapLM } from "./types.ts";

/** What a cache keeps for one call: the original response, as plain JSON. */
export interface CacheEntry {
  /** The `provider/model` string the call was made with. */
  model: string;
  text: string;
  /** The original call's usage, reported again on every hit. */
  usage: Usage;
  /** The model id the provider reported. */
  responseModel: string;
  latencyMs: number;
  /** What the original call cost, for reports of money saved; hits cost nothing. */
  costUsd?: number;
  simulated?: boolean;
}

/**
 * Port: a content-addressed store of LM responses. Async and JSON-only, so SQLite and DynamoDB
 * adapters can implement it directly; `set` for an existing key may overwrite (entries for one
 * key are interchangeable).
 *
 * @example
 * const store: CacheStore = new MemoryCacheStore();
 * await store.set(key, entry);
 * await store.get(key); // the entry, or undefined
 */
export interface CacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): Promise<void>;
}

/**
 * In-process cache store. Entries are copied through JSON on the way in and out, so it behaves
 * like a persistent store: callers cannot mutate what is stored, and non-JSON values fail early.
 *
 * @example
 * const lm = withCache(provider, new MemoryCacheStore(), { mode: "read-write" });
 */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, string>();

  async get(key: string): Promise<CacheEntry | undefined> {
    const json = this.entries.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as CacheEntry);
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    this.entries.set(key, JSON.stringify(entry));
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * `read-write` answers from the cache and stores misses; `replay` answers only from the cache
 * and never calls the model (a miss is an error); `off` bypasses the cache.
 */
export type CacheMode = "read-write" | "replay" | "off";

export interface CacheOptions {
  mode: CacheMode;
}

/**
 * The cache key of a call: sha256 of the canonical JSON of the model, the endpoint it goes to
 * (so an Ollama answer under `openai/x` is never served for OpenAI's), the messages, the
 * parameters that change the answer (temperature, maxTokens, responseFormat) and the rollout id.
 * The abort signal is not part of it. In-process models have no endpoint, and their keys leave
 * it out.
 *
 * @example
 * cacheKey("openai/gpt-4o-mini", { messages: [{ role: "user", content: "hi" }], temperature: 0 }, "https://api.openai.com/v1");
 */
export function cacheKey(model: string, request: LMRequest, endpoint?: string): string {
  return contentHash({
    model,
    endpoint,
    messages: request.messages,
    params: {
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      responseFormat: request.responseFormat,
    },
    rolloutId: request.rolloutId,
  });
}

/**
 * Wraps `lm` with a content-addressed cache. A hit returns the original text and usage with
 * `cached: true` and `costUsd: 0`. Concurrent identical calls share one underlying call (the
 * first caller gets the fresh response, the others a cached copy of it; if that call fails or
 * is cancelled, all of them see the failure). Failures (truncated answers among them) and empty
 * answers are not stored, so a retry can do better. In `replay` mode the model is never called and a miss throws LMError `cache_miss`
 * naming the model and key prefix, never the prompt.
 *
 * @example
 * const lm = withCache(provider, store, { mode: replay ? "replay" : "read-write" });
 */
export function withCache(lm: LM, store: CacheStore, options: CacheOptions): LM {
  if (options.mode === "off") return lm;
  const inFlight = new Map<string, Promise<LMResponse>>();

  async function lookupOrCall(key: string, request: LMRequest): Promise<LMResponse> {
    const entry = await store.get(key);
    if (entry) return fromEntry(entry);
    if (options.mode === "replay") throw cacheMiss(lm.model, key);
    const response = await lm.call(request);
    if (response.text.trim() !== "") await store.set(key, toEntry(lm.model, response));
    return response;
  }

  async function call(request: LMRequest): Promise<LMResponse> {
    const key = cacheKey(lm.model, request, lm.endpoint);
    const pending = inFlight.get(key);
    if (pending) return asCached(await pending);
    const leader = lookupOrCall(key, request);
    inFlight.set(key, leader);
    try {
      return await leader;
    } finally {
      inFlight.delete(key);
    }
  }

  return wrapLM(lm, call);
}

function toEntry(model: string, response: LMResponse): CacheEntry {
  const entry: CacheEntry = {
    model,
    text: response.text,
    usage: response.usage,
    responseModel: response.model,
    latencyMs: response.latencyMs,
  };
  if (response.costUsd !== undefined) entry.costUsd = response.costUsd;
  if (response.simulated) entry.simulated = true;
  return entry;
}

function fromEntry(entry: CacheEntry): LMResponse {
  const response: LMResponse = {
    text: entry.text,
    usage: entry.usage,
    model: entry.responseModel,
    latencyMs: entry.latencyMs,
    cached: true,
    costUsd: 0,
  };
  if (entry.simulated) response.simulated = true;
  return response;
}

function asCached(response: LMResponse): LMResponse {
  return { ...response, usage: { ...response.usage }, cached: true, costUsd: 0 };
}

function cacheMiss(model: string, key: string): LMError {
  const slash = model.indexOf("/");
  const provider = slash === -1 ? model : model.slice(0, slash);
  return new LMError("cache_miss", `replay: no cached response for ${model} (key ${key.slice(0, 12)})`, {
    provider,
    model,
  });
}
