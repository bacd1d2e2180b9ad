import { JudgeloopError } from "../errors.ts";
import { type ArtifactStore, getJson, getText, putJson, putText } from "../ports/artifact-store.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { type DatasetLineage, type DatasetVersion, verifyDatasetVersion } from "./dataset-version.ts";
import type { Row } from "./parsed-rows.ts";

export const datasetManifestFormat = "judgeloop.dataset/1";

/** The manifest stored beside the rows: everything but the rows themselves. */
export interface DatasetManifest {
  format: typeof datasetManifestFormat;
  id: string;
  lineage: DatasetLineage;
  createdAt?: string;
  rows: number;
}

/**
 * The two artifact keys of a version.
 *
 * @example
 * datasetKeys("3f2a…").rows; // "datasets/3f2a…/rows.jsonl"
 */
export function datasetKeys(id: string): { manifest: string; rows: string } {
  return { manifest: `datasets/${id}/version.json`, rows: `datasets/${id}/rows.jsonl` };
}

/**
 * Writes a version as two readable files, rows first and manifest last, so a version is visible
 * only once complete. A version already stored is left untouched (it is immutable and keeps its
 * first `createdAt`); `written` says which happened.
 *
 * @example
 * const { written } = await saveDatasetVersion(store, version);
 */
export async function saveDatasetVersion(store: ArtifactStore, version: DatasetVersion): Promise<{ written: boolean }> {
  const keys = datasetKeys(version.id);
  if (await store.exists(keys.manifest)) return { written: false };
  const lines = version.rows.map((row) => `${canonicalJson(row)}\n`).join("");
  await putText(store, keys.rows, lines);
  const manifest: DatasetManifest = {
    format: datasetManifestFormat,
    id: version.id,
    lineage: version.lineage,
    rows: version.rows.length,
  };
  if (version.createdAt !== undefined) manifest.createdAt = version.createdAt;
  await putJson(store, keys.manifest, manifest);
  return { written: true };
}

/**
 * Reads a version back and checks that its content still hashes to its id; a file edited by
 * hand is a `dataset_tampered` error, a missing one `dataset_not_found`.
 *
 * @example
 * const judgeSet = await loadDatasetVersion(store, "3f2a…");
 */
export async function loadDatasetVersion(store: ArtifactStore, id: string): Promise<DatasetVersion> {
  const keys = datasetKeys(id);
  const manifest = await getJson(store, keys.manifest);
  const text = await getText(store, keys.rows);
  if (manifest === null || text === null) throw new JudgeloopError("dataset_not_found", `no dataset ${id}`);
  if (!isManifest(manifest)) {
    throw new JudgeloopError(
      "dataset_tampered",
      `dataset ${id}: version.json is not a ${datasetManifestFormat} manifest`,
    );
  }
  const rows = parseStoredRows(id, text);
  const version: DatasetVersion = { id, rows, lineage: manifest.lineage };
  if (manifest.createdAt !== undefined) version.createdAt = manifest.createdAt;
  verifyDatasetVersion(version);
  return version;
}

/**
 * Ids of every stored version, sorted.
 *
 * @example
 * const ids = await listDatasetVersions(new FileArtifactStore(".judgeloop"));
 */
export async function listDatasetVersions(store: ArtifactStore): Promise<string[]> {
  const keys = await store.list("datasets/");
  return keys.flatMap((key) => /^datasets\/([0-9a-f]{64})\/version\.json$/.exec(key)?.[1] ?? []);
}

/**
 * The full id that `prefix` (at least 6 hex digits, like a short git hash) names.
 *
 * @example
 * await resolveDatasetId(store, "3f2a9c"); // "3f2a9c…" (64 digits)
 */
export async function resolveDatasetId(store: ArtifactStore, prefix: string): Promise<string> {
  if (!/^[0-9a-f]{6,64}$/.test(prefix)) {
    throw new JudgeloopError("dataset_not_found", `${JSON.stringify(prefix)} is not a dataset id`);
  }
  const matches = (await listDatasetVersions(store)).filter((id) => id.startsWith(prefix));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  if (matches.length === 0) throw new JudgeloopError("dataset_not_found", `no dataset ${prefix}`);
  throw new JudgeloopError("ambiguous_dataset_id", `${prefix} names ${matches.length} datasets; give more digits`);
}

function isManifest(value: unknown): value is DatasetManifest {
  const manifest = value as Partial<DatasetManifest> | null;
  const lineage = manifest?.lineage;
  return (
    manifest?.format === datasetManifestFormat &&
    typeof lineage === "object" &&
    lineage !== null &&
    typeof lineage.transform === "string" &&
    typeof lineage.counts === "object"
  );
}

function parseStoredRows(id: string, text: string): Row[] {
  const rows: Row[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (line === "") continue;
    try {
      rows.push(JSON.parse(line) as Row);
    } catch (error) {
      const reason = `dataset ${id} was modified after it was written: rows.jsonl line ${index + 1} is not JSON`;
      throw new JudgeloopError("dataset_tampered", reason, { cause: error });
    }
  }
  return rows;
}
