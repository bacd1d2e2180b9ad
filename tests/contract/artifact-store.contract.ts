import { type ArtifactStore, getText, putText } from "@judgeloop/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rejectionCode } from "./harness.ts";

export interface ArtifactStoreHarness {
  store: ArtifactStore;
  /** The same data through a new store object, as after a restart; absent in memory. */
  reopen?: () => Promise<ArtifactStore>;
  close(): Promise<void>;
}

/** A body of `size` bytes all equal to `fill`: a torn write would mix two fills or fall short. */
function uniformBody(fill: number, size: number): Uint8Array {
  return new Uint8Array(size).fill(fill);
}

function isWholeBody(bytes: Uint8Array, size: number): boolean {
  return bytes.length === size && bytes.every((b) => b === bytes[0]);
}

/** A fresh, empty store, bare or with the harness extras. */
export type ArtifactStoreFactory = () => Promise<ArtifactStore | ArtifactStoreHarness>;

function asHarness(made: ArtifactStore | ArtifactStoreHarness): ArtifactStoreHarness {
  return "put" in made ? { store: made, close: async () => {} } : made;
}

/**
 * The behaviour every ArtifactStore adapter must have: keyed bytes, prefix listing, safe keys,
 * and atomic puts (a reader never sees half an artifact).
 *
 * @example
 * artifactStoreContract("InMemoryArtifactStore", async () => new InMemoryArtifactStore());
 */
export function artifactStoreContract(name: string, makeStore: ArtifactStoreFactory): void {
  describe(`${name} (ArtifactStore contract)`, () => {
    let harness: ArtifactStoreHarness;
    let store: ArtifactStore;

    beforeEach(async () => {
      harness = asHarness(await makeStore());
      store = harness.store;
    });
    afterEach(async () => {
      await harness.close();
    });

    it("returns the bytes put under a key, and null for a key never put", async () => {
      await store.put("datasets/abc/rows.jsonl", new Uint8Array([1, 2, 3]));

      expect(await store.get("datasets/abc/rows.jsonl")).toEqual(new Uint8Array([1, 2, 3]));
      expect(await store.get("datasets/abc/missing.jsonl")).toBeNull();
      expect(await store.exists("datasets/abc/rows.jsonl")).toBe(true);
      expect(await store.exists("datasets/abc")).toBe(false);
    });

    it("replaces what a key held", async () => {
      await putText(store, "programs/judge/v1.json", "old");

      await putText(store, "programs/judge/v1.json", "new");

      expect(await getText(store, "programs/judge/v1.json")).toBe("new");
    });

    it("lists the keys under a prefix, sorted", async () => {
      for (const key of ["runs/r2/report.html", "runs/r1/b.json", "runs/r1/a.json", "datasets/x/rows.jsonl"]) {
        await putText(store, key, key);
      }

      expect(await store.list("runs/")).toEqual(["runs/r1/a.json", "runs/r1/b.json", "runs/r2/report.html"]);
      expect(await store.list("runs/r1/")).toEqual(["runs/r1/a.json", "runs/r1/b.json"]);
      expect(await store.list("nothing/")).toEqual([]);
    });

    it("refuses keys that could climb out of the store", async () => {
      const body = new Uint8Array([1]);

      expect(await rejectionCode(store.put("../outside.txt", body))).toBe("bad_artifact_key");
      expect(await rejectionCode(store.put("a//b", body))).toBe("bad_artifact_key");
      expect(await rejectionCode(store.get(".hidden/x"))).toBe("bad_artifact_key");
    });

    it("hands out copies, so changing returned or given bytes changes nothing stored", async () => {
      const body = new Uint8Array([1, 2, 3]);
      await store.put("a/b.bin", body);
      body[0] = 9;

      const read = await store.get("a/b.bin");
      if (read) read[1] = 9;

      expect(await store.get("a/b.bin")).toEqual(new Uint8Array([1, 2, 3]));
    });

    it("never lets a reader see half of an artifact while writers race", async () => {
      const size = 256 * 1024;
      const writes = Array.from({ length: 12 }, (_, i) => store.put("state/checkpoint.json", uniformBody(i + 1, size)));
      const reads = Array.from({ length: 24 }, async () => store.get("state/checkpoint.json"));

      const [, seen] = await Promise.all([Promise.all(writes), Promise.all(reads)]);

      expect(seen.every((bytes) => bytes === null || isWholeBody(bytes, size))).toBe(true);
      const final = await store.get("state/checkpoint.json");
      expect(final && isWholeBody(final, size)).toBe(true);
      expect(await store.list("state/")).toEqual(["state/checkpoint.json"]);
    });

    it("keeps artifacts across a restart", async (context) => {
      if (!harness.reopen) return context.skip();
      await putText(store, "programs/gen/v2.json", "{}");

      const reopened = await harness.reopen();

      expect(await getText(reopened, "programs/gen/v2.json")).toBe("{}");
    });
  });
}
