import { describe, expect, it } from "vitest";
import { getText, putText } from "../ports/artifact-store.ts";
import { InMemoryArtifactStore } from "../ports/in-memory-artifact-store.ts";
import {
  datasetKeys,
  listDatasetVersions,
  loadDatasetVersion,
  resolveDatasetId,
  saveDatasetVersion,
} from "./dataset-store.ts";
import { createDatasetVersion, type DatasetLineage } from "./dataset-version.ts";

const lineage: DatasetLineage = {
  parent: null,
  transform: "import",
  params: { format: "jsonl" },
  seed: null,
  counts: {},
};
const rows = [
  { conversation_id: "a", conversation: "Customer: hi", company: "Delta" },
  { conversation_id: "b", conversation: "Customer: bag", company: "Delta" },
];

describe("createDatasetVersion", () => {
  it("names a version by the hash of its rows and lineage, not its creation time", () => {
    const first = createDatasetVersion(rows, lineage, "2025-01-01T00:00:00Z");
    const again = createDatasetVersion(rows, lineage, "2026-06-01T00:00:00Z");

    expect(again.id).toBe(first.id);
    expect(first.id).toMatch(/^[0-9a-f]{64}$/);
    expect(first.lineage.counts.rows).toBe(2);
  });

  it("gives different content a different id", () => {
    const other = createDatasetVersion(rows.slice(0, 1), lineage);
    const otherSeed = createDatasetVersion(rows, { ...lineage, seed: 3 });

    expect(new Set([createDatasetVersion(rows, lineage).id, other.id, otherSeed.id]).size).toBe(3);
  });
});

describe("saveDatasetVersion", () => {
  it("stores readable files that load back to the same version", async () => {
    const store = new InMemoryArtifactStore();
    const version = createDatasetVersion(rows, lineage, "2025-01-01T00:00:00Z");

    await saveDatasetVersion(store, version);
    const loaded = await loadDatasetVersion(store, version.id);

    expect(loaded).toEqual(version);
    expect(await getText(store, datasetKeys(version.id).rows)).toContain('"conversation_id":"a"');
  });

  it("leaves an existing version untouched, keeping its first creation time", async () => {
    const store = new InMemoryArtifactStore();
    await saveDatasetVersion(store, createDatasetVersion(rows, lineage, "2025-01-01T00:00:00Z"));

    const again = await saveDatasetVersion(store, createDatasetVersion(rows, lineage, "2026-01-01T00:00:00Z"));
    const [id] = await listDatasetVersions(store);

    expect(again.written).toBe(false);
    expect((await loadDatasetVersion(store, String(id))).createdAt).toBe("2025-01-01T00:00:00Z");
  });
});

describe("loadDatasetVersion", () => {
  it("rejects a version whose rows were edited after writing", async () => {
    const store = new InMemoryArtifactStore();
    const version = createDatasetVersion(rows, lineage);
    await saveDatasetVersion(store, version);
    const key = datasetKeys(version.id).rows;
    await putText(store, key, String(await getText(store, key)).replace("Customer: hi", "Customer: hello"));

    await expect(loadDatasetVersion(store, version.id)).rejects.toThrow(/was modified after it was written/);
  });

  it("rejects a manifest that is not a dataset manifest", async () => {
    const store = new InMemoryArtifactStore();
    const version = createDatasetVersion(rows, lineage);
    await saveDatasetVersion(store, version);
    await putText(store, datasetKeys(version.id).manifest, '{"id": "x"}');

    await expect(loadDatasetVersion(store, version.id)).rejects.toThrow(/is not a judgeloop.dataset\/1 manifest/);
  });

  it("reports a version that does not exist", async () => {
    await expect(loadDatasetVersion(new InMemoryArtifactStore(), "f".repeat(64))).rejects.toMatchObject({
      code: "dataset_not_found",
    });
  });
});

describe("resolveDatasetId", () => {
  it("expands a unique prefix and rejects an unknown one", async () => {
    const store = new InMemoryArtifactStore();
    const version = createDatasetVersion(rows, lineage);
    await saveDatasetVersion(store, version);

    expect(await resolveDatasetId(store, version.id.slice(0, 8))).toBe(version.id);
    await expect(resolveDatasetId(store, "000000")).rejects.toMatchObject({ code: "dataset_not_found" });
  });
});
