import { existsSync, statSync } from "node:fs";
import {
  type ArtifactStore,
  createDatasetVersion,
  type DatasetVersion,
  JudgeloopError,
  loadDatasetVersion,
  loadRows,
  resolveDatasetId,
} from "@judgeloop/core";
import { readDatasetSource } from "@judgeloop/local";

export interface LoadedDataset {
  version: DatasetVersion;
  /** True when the dataset came from a file and must be stored as the derived version's parent. */
  fromFile: boolean;
}

const fileDatasetSchema = { fields: { conversation_id: { kind: "id" as const } }, uniqueField: "conversation_id" };

/**
 * What `--dataset` names: a JSONL/CSV/Arrow file (imported as a new version), or a stored dataset
 * version id or a unique prefix of one.
 *
 * @example
 * const { version } = await loadDataset(new FileArtifactStore(home), "3f2a9c");
 */
export async function loadDataset(store: ArtifactStore, reference: string): Promise<LoadedDataset> {
  if (existsSync(reference) && statSync(reference).isFile()) {
    const source = await readDatasetSource(reference);
    const rows = loadRows(source, { schema: fileDatasetSchema });
    const lineage = { parent: null, transform: "import", params: { format: source.format }, seed: null, counts: {} };
    return { version: createDatasetVersion(rows, lineage, new Date().toISOString()), fromFile: true };
  }
  if (!/^[0-9a-f]{6,64}$/.test(reference)) {
    throw new JudgeloopError("input_not_found", `--dataset ${reference} is neither a file nor a dataset id`);
  }
  return { version: await loadDatasetVersion(store, await resolveDatasetId(store, reference)), fromFile: false };
}
