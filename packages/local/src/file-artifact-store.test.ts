import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { putJson } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileArtifactStore } from "./file-artifact-store.ts";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "judgeloop-file-store-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("FileArtifactStore", () => {
  it("writes each key as a readable file under the root", async () => {
    const store = new FileArtifactStore(join(dir, "readable"));

    await putJson(store, "datasets/abc/version.json", { id: "abc" });

    expect(JSON.parse(await readFile(join(dir, "readable", "datasets", "abc", "version.json"), "utf8"))).toEqual({
      id: "abc",
    });
  });

  it("leaves no temporary files behind after writing", async () => {
    const store = new FileArtifactStore(join(dir, "clean"));

    await Promise.all([1, 2, 3].map((n) => putJson(store, "a/b.json", { n })));

    expect(await readdir(join(dir, "clean", "a"))).toEqual(["b.json"]);
  });

  it("lists nothing for a root that does not exist yet, without creating it", async () => {
    const store = new FileArtifactStore(join(dir, "missing"));

    expect(await store.list("")).toEqual([]);
    expect(await readdir(dir)).not.toContain("missing");
  });
});
