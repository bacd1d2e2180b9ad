import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InMemoryArtifactStore } from "@judgeloop/core";
import { FileArtifactStore } from "@judgeloop/local";
import { afterAll } from "vitest";
import { artifactStoreContract } from "./artifact-store.contract.ts";

const directories: string[] = [];

afterAll(async () => {
  await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })));
});

artifactStoreContract("InMemoryArtifactStore", async () => new InMemoryArtifactStore());

artifactStoreContract("FileArtifactStore", async () => {
  const dir = await mkdtemp(join(tmpdir(), "judgeloop-artifacts-"));
  directories.push(dir);
  const root = join(dir, "home");
  return { store: new FileArtifactStore(root), reopen: async () => new FileArtifactStore(root), close: async () => {} };
});
