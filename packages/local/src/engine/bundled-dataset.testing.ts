import { readFile } from "node:fs/promises";
import { createDatasetVersion, type DatasetVersion, saveDatasetVersion } from "@judgeloop/core";
import { FileArtifactStore } from "../file-artifact-store.ts";

const conversations = new URL("../../../../examples/airline-support/conversations.jsonl", import.meta.url);

/**
 * Test support: the first `count` bundled airline conversations, saved in `home` as an uploaded
 * dataset version, as `POST /v1/datasets` would leave them. Returns the version (its id is what a
 * run config names in `data.dataset`).
 */
export async function saveBundledConversations(home: string, count = 300): Promise<DatasetVersion> {
  const rows = (await readFile(conversations, "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, count)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const version = createDatasetVersion(rows, { parent: null, transform: "upload", params: {}, seed: null, counts: {} });
  await saveDatasetVersion(new FileArtifactStore(home), version);
  return version;
}
