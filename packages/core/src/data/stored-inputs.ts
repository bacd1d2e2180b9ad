import { JudgeloopError } from "../errors.ts";
import type { ArtifactStore } from "../ports/artifact-store.ts";
import { conversationSchema } from "./conversations.ts";
import { loadDatasetVersion } from "./dataset-store.ts";
import type { FieldMap } from "./field-map.ts";
import { readSmeLabels, type SmeLabelFile } from "./labels.ts";
import type { DatasetFormat } from "./load.ts";
import type { Row } from "./parsed-rows.ts";
import { DatasetError } from "./problems.ts";
import { checkRows } from "./row-schema.ts";
import { parseSeedQuestions, type SeedQuestion, seedFileHash } from "./synthesis-seeds.ts";

const storedPrefix = "dataset:";

/**
 * The id in a `dataset:<id>` input (a dataset version in the artifact store), if it is one.
 *
 * @example
 * storedDatasetId("dataset:3f2a"); // "3f2a"
 */
export function storedDatasetId(input: string): string | undefined {
  return input.startsWith(storedPrefix) ? input.slice(storedPrefix.length) : undefined;
}

/**
 * Conversations from a stored dataset version (one uploaded through the API), checked like a
 * conversations file: a bad row fails with its number and field, nothing is used.
 *
 * @example
 * const { rows } = await loadStoredConversations(artifacts, "3f2a…");
 */
export async function loadStoredConversations(
  artifacts: ArtifactStore,
  id: string,
): Promise<{ rows: Row[]; source: { format: DatasetFormat; map: FieldMap } }> {
  const version = await loadDatasetVersion(artifacts, id);
  const located = version.rows.map((values, index) => ({ values, row: index + 1 }));
  const checked = checkRows({ file: `dataset ${id}`, rows: located, problems: [] }, conversationSchema);
  if (checked.problems.length > 0) throw new DatasetError(checked.problems);
  return { rows: checked.rows, source: { format: "jsonl", map: {} } };
}

/**
 * SME labels from a stored dataset version, checked against the judge set's ids like a labels file.
 *
 * @example
 * const { labels, annotated } = await loadStoredSmeLabels(artifacts, "9c0d…", judgeSetIds);
 */
export async function loadStoredSmeLabels(
  artifacts: ArtifactStore,
  id: string,
  knownIds: Iterable<string>,
): Promise<SmeLabelFile> {
  const version = await loadDatasetVersion(artifacts, id);
  const text = version.rows.map((row) => JSON.stringify(row)).join("\n");
  return readSmeLabels({ format: "jsonl", file: `dataset ${id}`, text }, knownIds);
}

/**
 * Seed questions from a stored dataset version (rows uploaded with POST /v1/datasets), checked
 * like a seed file. The lineage names them `dataset:<id>`, hashed over their JSON Lines text, so
 * every runtime that reads the same version records the same seeds.
 *
 * @example
 * const { seeds, file, sha256 } = await loadStoredSeeds(artifacts, "3f2a…"); // file "dataset:3f2a…"
 */
export async function loadStoredSeeds(
  artifacts: ArtifactStore,
  id: string,
): Promise<{ seeds: SeedQuestion[]; file: string; sha256: string }> {
  const version = await loadDatasetVersion(artifacts, id);
  const text = version.rows.map((row) => JSON.stringify(row)).join("\n");
  const seeds = parseSeedQuestions({ format: "jsonl", file: `dataset ${id}`, text });
  return { seeds, file: `${storedPrefix}${id}`, sha256: seedFileHash(text) };
}

/**
 * The stored dataset id of a config path, or `bad_config` naming the key when the path is a
 * file (a deployment without a file system of the caller's reads only stored datasets).
 *
 * @example
 * requireStoredDataset("data.input", "dataset:3f2a…"); // "3f2a…"
 */
export function requireStoredDataset(key: string, path: string): string {
  const id = storedDatasetId(path);
  if (id === undefined) {
    throw new JudgeloopError("bad_config", `${key}: this deployment reads uploaded datasets only (dataset:<id>)`);
  }
  return id;
}
