import { describe, expect, it } from "vitest";
import { InMemoryArtifactStore } from "../ports/in-memory-artifact-store.ts";
import { saveDatasetVersion } from "./dataset-store.ts";
import { createDatasetVersion } from "./dataset-version.ts";
import { DatasetError } from "./problems.ts";
import {
  loadStoredConversations,
  loadStoredSmeLabels,
  requireStoredDataset,
  storedDatasetId,
} from "./stored-inputs.ts";

const lineage = { parent: null, transform: "upload", params: {}, seed: null, counts: {} };

async function stored(rows: Record<string, unknown>[]) {
  const artifacts = new InMemoryArtifactStore();
  const version = createDatasetVersion(rows, lineage);
  await saveDatasetVersion(artifacts, version);
  return { artifacts, id: version.id };
}

describe("stored inputs", () => {
  it("reads conversations from an uploaded dataset version, checked like a file", async () => {
    const { artifacts, id } = await stored([
      { conversation_id: "c-1", company: "Delta", conversation: "Customer: my bag is lost" },
      { conversation_id: "c-2", conversation: "Customer: refund please" },
    ]);

    const { rows } = await loadStoredConversations(artifacts, id);

    expect(rows.map((row) => row.conversation_id)).toEqual(["c-1", "c-2"]);
  });

  it("rejects a stored conversation without its text, naming the row and field", async () => {
    const { artifacts, id } = await stored([
      { conversation_id: "c-1", conversation: "Customer: hi" },
      { conversation_id: "c-2" },
    ]);

    const failure = await loadStoredConversations(artifacts, id).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DatasetError);
    expect(String((failure as Error).message)).toMatch(/dataset .*row 2.*conversation/s);
  });

  it("reads SME labels from an uploaded dataset and refuses ids outside the judge set", async () => {
    const { artifacts, id } = await stored([
      { conversation_id: "c-1", satisfied: true, critique: "resolved" },
      { conversation_id: "c-9", satisfied: false, critique: "" },
    ]);

    const { labels, annotated } = await loadStoredSmeLabels(artifacts, id, ["c-1", "c-9"]);
    const outside = await loadStoredSmeLabels(artifacts, id, ["c-1"]).catch((error: unknown) => error);

    expect(labels).toEqual([
      { conversation_id: "c-1", satisfied: true, critique: "resolved" },
      { conversation_id: "c-9", satisfied: false, critique: "" },
    ]);
    expect(annotated).toEqual([]);
    expect(String((outside as Error).message)).toMatch(/"c-9" is not in the judge set/);
  });

  it("tells a dataset reference from a path, and refuses a path where only uploads are read", () => {
    expect(storedDatasetId("dataset:3f2a")).toBe("3f2a");
    expect(storedDatasetId("conversations.jsonl")).toBeUndefined();
    expect(requireStoredDataset("labels.file", "dataset:9c0d")).toBe("9c0d");
    expect(() => requireStoredDataset("labels.file", "/etc/passwd")).toThrow(/^labels\.file: .*uploaded datasets only/);
  });
});
