import {
  type ArtifactStore,
  applyFieldMap,
  checkRows,
  conversationSchema,
  createDatasetVersion,
  type DataProblem,
  DatasetError,
  type DatasetManifest,
  type DatasetVersion,
  datasetKeys,
  getJson,
  type ParseResult,
  parseJsonl,
  parseSeedQuestions,
  type RowSchema,
  resolveDatasetId,
  saveDatasetVersion,
} from "@judgeloop/core";
import { ApiError } from "./api-error.ts";
import type { DatasetUpload } from "./schemas/datasets.ts";

/** A stored dataset as the API shows it: the manifest, without the rows. */
export interface DatasetView {
  id: string;
  name: string | null;
  kind: string | null;
  rows: number;
  createdAt: string | null;
  lineage: DatasetManifest["lineage"];
}

const exampleSchema: RowSchema = { fields: { id: { kind: "id", required: false } }, uniqueField: "id" };
const shownProblems = 5;

/**
 * Checks an upload completely, then stores it as one immutable DatasetVersion. Every problem
 * (bad JSON line, missing field, wrong type, duplicate id) is found before anything is written,
 * so a rejected upload leaves the store untouched. Uploading the same rows under the same name
 * again finds the stored version (`written: false`).
 *
 * @example
 * const { version, written } = await storeUpload(artifacts, upload, { maxRows: 20_000, now: new Date() });
 */
export async function storeUpload(
  artifacts: ArtifactStore,
  upload: DatasetUpload,
  options: { maxRows: number; now: Date },
): Promise<{ version: DatasetVersion; written: boolean }> {
  const source = upload.rows === undefined ? "jsonl" : "rows";
  const parsed: ParseResult =
    upload.rows === undefined
      ? parseJsonl(upload.jsonl ?? "", "jsonl")
      : { file: "rows", rows: upload.rows.map((values, index) => ({ values, row: index + 1 })), problems: [] };
  if (parsed.rows.length > options.maxRows) {
    throw new ApiError(400, "bad_dataset", `holds ${parsed.rows.length} rows; at most ${options.maxRows}`, source);
  }
  const map = upload.map ?? {};
  const mapped = applyFieldMap(parsed, map);
  const checked =
    upload.kind === "seeds"
      ? { rows: mapped.rows.map((row) => row.values), problems: seedProblems(mapped) }
      : checkRows(mapped, upload.kind === "examples" ? exampleSchema : conversationSchema, map);
  const problems = [...parsed.problems, ...checked.problems];
  if (problems.length > 0) throw datasetRejection(problems);
  if (checked.rows.length === 0) throw new ApiError(400, "bad_dataset", "holds no rows", source);
  const lineage = {
    parent: null,
    transform: "import",
    params: { name: upload.name, kind: upload.kind, map },
    seed: null,
    counts: {},
  };
  const version = createDatasetVersion(checked.rows, lineage, options.now.toISOString());
  const { written } = await saveDatasetVersion(artifacts, version);
  return { version, written };
}

/**
 * The stored dataset that `idOrPrefix` names, as a view; `dataset_not_found` (404) when none.
 *
 * @example
 * await datasetView(artifacts, "3f2a9c"); // { id: "3f2a9c…", rows: 120, ... }
 */
export async function datasetView(artifacts: ArtifactStore, idOrPrefix: string): Promise<DatasetView> {
  const id = await resolveDatasetId(artifacts, idOrPrefix);
  const manifest = (await getJson(artifacts, datasetKeys(id).manifest)) as DatasetManifest | null;
  if (manifest === null) throw new ApiError(404, "dataset_not_found", `no dataset ${idOrPrefix}`);
  return viewOf(manifest);
}

/** The view of a version just built, identical to what a later GET returns. */
export function viewOfVersion(version: DatasetVersion): DatasetView {
  return viewOf({
    format: "judgeloop.dataset/1",
    id: version.id,
    lineage: version.lineage,
    rows: version.rows.length,
    ...(version.createdAt !== undefined && { createdAt: version.createdAt }),
  });
}

function viewOf(manifest: DatasetManifest): DatasetView {
  const { name, kind } = manifest.lineage.params;
  return {
    id: manifest.id,
    name: typeof name === "string" ? name : null,
    kind: typeof kind === "string" ? kind : null,
    rows: manifest.rows,
    createdAt: manifest.createdAt ?? null,
    lineage: manifest.lineage,
  };
}

/** Seed questions are checked as a seed file is (a question each, unique ids): the problems found. */
function seedProblems(parsed: ParseResult): DataProblem[] {
  if (parsed.rows.length === 0) return [];
  const text = parsed.rows.map((row) => JSON.stringify(row.values)).join("\n");
  try {
    parseSeedQuestions({ format: "jsonl", file: parsed.file, text });
    return [];
  } catch (error) {
    if (error instanceof DatasetError) return error.problems;
    throw error;
  }
}

/** One 400 naming the first bad field and listing the first few problems. */
function datasetRejection(problems: DataProblem[]): ApiError {
  const shown = problems.slice(0, shownProblems).map((problem) => `${locate(problem)}: ${problem.reason}`);
  if (problems.length > shownProblems) shown.push(`… and ${problems.length - shownProblems} more`);
  const noun = problems.length === 1 ? "problem" : "problems";
  const message = `${problems.length} ${noun}, nothing stored: ${shown.join("; ")}`;
  const first = problems[0];
  return new ApiError(400, "bad_dataset", message, first?.file === "rows" ? locate(first) : "jsonl");
}

/** `rows[2].conversation` for JSON rows; `jsonl line 3` (plus the field) for JSON Lines. */
function locate(problem: DataProblem): string {
  // Row checks label a renamed field as "name (column `source`)"; the field is the name.
  const field = problem.field?.split(" (")[0];
  if (problem.file === "rows" && problem.row !== undefined) {
    return `rows[${problem.row - 1}]${field === undefined ? "" : `.${field}`}`;
  }
  return `jsonl line ${problem.line ?? "?"}${field === undefined ? "" : ` field ${field}`}`;
}
