import { JudgeloopError } from "../errors.ts";
import { contentHash } from "../util/canonical-json.ts";
import type { Row } from "./parsed-rows.ts";

/** Where a dataset version came from: enough to redo the step that made it. */
export interface DatasetLineage {
  /** The version this one was derived from; null for an import. */
  parent: string | null;
  /** The step: `import`, `preprocess`, `truncate`, `sample`, `split`, `label`, … */
  transform: string;
  params: Record<string, unknown>;
  seed: string | number | null;
  /** Row counts, `rows` at least (the step may add `input`, `dropped_*`, …). */
  counts: Record<string, number>;
  /** Ids of parent rows the step dropped, by reason. */
  dropped?: Record<string, string[]>;
}

/**
 * An immutable dataset named by the sha256 of its canonical content (rows + lineage). The
 * creation time is recorded but not hashed, so redoing a step reproduces the same id.
 *
 * @example
 * const version = createDatasetVersion(rows, { parent: null, transform: "import", params: {}, seed: null, counts: { rows: rows.length } });
 */
export interface DatasetVersion {
  id: string;
  rows: Row[];
  lineage: DatasetLineage;
  createdAt?: string;
}

/**
 * The content address of `rows` with `lineage`: sha256 of their canonical JSON.
 *
 * @example
 * datasetVersionId(version.rows, version.lineage) === version.id; // true unless tampered with
 */
export function datasetVersionId(rows: readonly Row[], lineage: DatasetLineage): string {
  return contentHash({ lineage, rows });
}

/**
 * A new version; `counts.rows` is filled in from the rows.
 *
 * @example
 * createDatasetVersion(rows, { parent: id, transform: "sample", params: { size: 400 }, seed: 10, counts: {} });
 */
export function createDatasetVersion(
  rows: readonly Row[],
  lineage: DatasetLineage,
  createdAt?: string,
): DatasetVersion {
  const full: DatasetLineage = { ...lineage, counts: { ...lineage.counts, rows: rows.length } };
  const version: DatasetVersion = { id: datasetVersionId(rows, full), rows: [...rows], lineage: full };
  if (createdAt !== undefined) version.createdAt = createdAt;
  return version;
}

/**
 * Throws `dataset_tampered` unless the version's content still hashes to its id.
 *
 * @example
 * verifyDatasetVersion(await loadDatasetVersion(store, id));
 */
export function verifyDatasetVersion(version: DatasetVersion): void {
  const actual = datasetVersionId(version.rows, version.lineage);
  if (actual !== version.id) {
    throw new JudgeloopError(
      "dataset_tampered",
      `dataset ${version.id} was modified after it was written: its content now hashes to ${actual}`,
    );
  }
}
