import { describe, expect, it } from "vitest";
import { getJson, putJson } from "./artifact-store.ts";
import { InMemoryArtifactStore } from "./in-memory-artifact-store.ts";

describe("InMemoryArtifactStore", () => {
  it("keeps its own copy of the bytes it stores", async () => {
    const store = new InMemoryArtifactStore();
    const body = new TextEncoder().encode("abc");

    await store.put("a/b.txt", body);
    body[0] = 0;

    expect(new TextDecoder().decode((await store.get("a/b.txt")) ?? new Uint8Array())).toBe("abc");
  });

  it("round-trips JSON through the helpers", async () => {
    const store = new InMemoryArtifactStore();

    await putJson(store, "x/y.json", { id: 1, tags: ["a"] });

    expect(await getJson(store, "x/y.json")).toEqual({ id: 1, tags: ["a"] });
  });
});
