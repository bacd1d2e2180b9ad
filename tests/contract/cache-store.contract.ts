import type { CacheEntry, CacheStore } from "@judgeloop/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

export interface CacheStoreHarness {
  store: CacheStore;
  /** The same data through a new connection, as after a restart; absent in memory. */
  reopen?: () => Promise<CacheStore>;
  close(): Promise<void>;
}

function entry(text: string): CacheEntry {
  return {
    model: "openai/gpt-4o-mini",
    text,
    usage: { inputTokens: 120, outputTokens: 8, cachedInputTokens: 0, reasoningTokens: 0 },
    responseModel: "gpt-4o-mini-2024-07-18",
    latencyMs: 312,
    costUsd: 0.0000228,
  };
}

/**
 * The behaviour every CacheStore adapter must have: a JSON entry per key, copied in and out.
 *
 * @example
 * cacheStoreContract("MemoryCacheStore", async () => ({ store: new MemoryCacheStore(), close: async () => {} }));
 */
export function cacheStoreContract(name: string, makeHarness: () => Promise<CacheStoreHarness>): void {
  describe(`${name} (CacheStore contract)`, () => {
    let harness: CacheStoreHarness;

    beforeEach(async () => {
      harness = await makeHarness();
    });
    afterEach(async () => {
      await harness.close();
    });

    it("returns undefined for a key never set", async () => {
      expect(await harness.store.get("missing")).toBeUndefined();
    });

    it("returns what was set under a key", async () => {
      await harness.store.set("k1", entry("yes"));

      expect(await harness.store.get("k1")).toEqual(entry("yes"));
    });

    it("replaces the entry of a key set twice", async () => {
      await harness.store.set("k1", entry("yes"));
      await harness.store.set("k1", entry("no"));

      expect((await harness.store.get("k1"))?.text).toBe("no");
    });

    it("keeps a copy, so changing the caller's entry changes nothing stored", async () => {
      const original = entry("yes");
      await harness.store.set("k1", original);

      original.text = "changed";

      expect((await harness.store.get("k1"))?.text).toBe("yes");
    });

    it("keeps entries across a restart", async (context) => {
      if (!harness.reopen) return context.skip();
      await harness.store.set("k1", entry("yes"));

      const reopened = await harness.reopen();

      expect(await reopened.get("k1")).toEqual(entry("yes"));
    });
  });
}
