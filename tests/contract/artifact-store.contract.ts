import { type ArtifactStore, getJson, getText, putJson, putText } from "@judgeloop/core";
import { describe, expect, it } from "vitest";

/**
 * The behaviour every ArtifactStore adapter must have. Each adapter's test calls this with a
 * factory that returns a fresh, empty store.
 *
 * @example
 * artifactStoreContract("FileArtifactStore", async () => new FileArtifactStore(await mkdtemp(...)));
 */
export function artifactStoreContract(name: string, makeStore: () => Promise<ArtifactStore>): void {
  describe(`${name} (ArtifactStore contract)`, () => {
    it("returns the bytes stored under a key", async () => {
      const store = await makeStore();
      const body = new Uint8Array([0, 1, 2, 250, 255]);

      await store.put("bin/data.bin", body);

      expect(await store.get("bin/data.bin")).toEqual(body);
    });

    it("returns null and false for a key never written", async () => {
      const store = await makeStore();

      expect(await store.get("nothing/here.json")).toBeNull();
      expect(await store.exists("nothing/here.json")).toBe(false);
    });

    it("replaces what a key held", async () => {
      const store = await makeStore();
      await putText(store, "notes/a.txt", "first");

      await putText(store, "notes/a.txt", "second");

      expect(await getText(store, "notes/a.txt")).toBe("second");
    });

    it("lists the keys under a prefix, sorted", async () => {
      const store = await makeStore();
      for (const key of [
        "datasets/b/rows.jsonl",
        "datasets/a/version.json",
        "programs/p.json",
        "datasets/a/rows.jsonl",
      ]) {
        await putText(store, key, key);
      }

      expect(await store.list("datasets/")).toEqual([
        "datasets/a/rows.jsonl",
        "datasets/a/version.json",
        "datasets/b/rows.jsonl",
      ]);
      expect(await store.list("")).toHaveLength(4);
    });

    it("round-trips JSON", async () => {
      const store = await makeStore();

      await putJson(store, "runs/r1/summary.json", { score: 0.5, tags: ["x"], nested: { ok: true } });

      expect(await getJson(store, "runs/r1/summary.json")).toEqual({ score: 0.5, tags: ["x"], nested: { ok: true } });
      expect(await store.exists("runs/r1/summary.json")).toBe(true);
    });

    it("rejects keys that could escape the store", async () => {
      const store = await makeStore();

      for (const key of ["../up.txt", "/abs.txt", "a//b.txt", "a/./b.txt", "a/.hidden", ""]) {
        await expect(store.put(key, new Uint8Array([1]))).rejects.toMatchObject({ code: "bad_artifact_key" });
      }
    });

    it("keeps concurrent writes to one key whole", async () => {
      const store = await makeStore();
      const bodies = Array.from({ length: 8 }, (_, i) => String(i).repeat(10_000));

      await Promise.all(bodies.map((body) => putText(store, "race/key.txt", body)));

      expect(bodies).toContain(await getText(store, "race/key.txt"));
    });
  });
}
