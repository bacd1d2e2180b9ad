import { createDatasetVersion, type DatasetLineage, type DatasetVersion } from "./dataset-version.ts";
import type { FieldMap } from "./field-map.ts";
import { applyFieldMap } from "./field-map.ts";
import { type DatasetSource, parseSource } from "./load.ts";
import { problemAt, type Row } from "./parsed-rows.ts";
import { countWords } from "./preprocess.ts";
import { type DataProblem, throwIfProblems } from "./problems.ts";
import { checkRows, type RowSchema } from "./row-schema.ts";

/** A verdict on one conversation's final support reply. */
export interface Label {
  conversation_id: string;
  satisfied: boolean;
  critique: string;
  /** Who gave the label, when the file names annotators (an `annotator` column). */
  annotator?: string;
}

/** SME label files: `conversation_id`, `satisfied` (true/false, yes/no, 1/0) and an optional `critique`. */
export const labelSchema: RowSchema = {
  fields: {
    conversation_id: { kind: "id" },
    satisfied: { kind: "boolean" },
    critique: { kind: "string", required: false },
  },
  uniqueField: "conversation_id",
};

/**
 * A label file that names annotators: `annotator` is required on every row, and an id may appear
 * once per annotator (two SMEs labelling the same conversation is what their agreement needs).
 */
export const annotatedLabelSchema: RowSchema = {
  fields: { ...labelSchema.fields, annotator: { kind: "id" } },
  uniqueField: "conversation_id",
  uniqueWith: "annotator",
};

/** An SME label file as read: one label per conversation, and every label with its annotator. */
export interface SmeLabelFile {
  /**
   * One label per conversation, the reference the judge is aligned to: the file's first row for
   * it (so with several annotators, order the file with the lead SME first).
   */
  labels: Label[];
  /** Every row's label with its annotator; empty when the file has no `annotator` column. */
  annotated: Label[];
}

/**
 * Reads SME labels and checks them against the judge set: syntax errors, missing fields,
 * non-boolean verdicts, duplicate ids and ids not in the judge set are all listed in one
 * DatasetError, and a file with any of them yields no labels at all. A file with an `annotator`
 * column (any row giving one) may hold one label per conversation and annotator.
 *
 * @example
 * const { labels, annotated } = readSmeLabels({ format: "csv", file: "sme.csv", text }, judgeSetIds);
 */
export function readSmeLabels(source: DatasetSource, knownIds: Iterable<string>, map: FieldMap = {}): SmeLabelFile {
  const parsed = applyFieldMap(parseSource(source), map);
  const hasAnnotators = parsed.rows.some((row) => {
    const annotator = row.values.annotator;
    return annotator !== undefined && annotator !== null && annotator !== "";
  });
  const checked = checkRows(parsed, hasAnnotators ? annotatedLabelSchema : labelSchema, map);
  const known = new Set(knownIds);
  const unknown: DataProblem[] = [];
  for (const located of parsed.rows) {
    const id = located.values.conversation_id;
    if ((typeof id === "string" && id !== "") || typeof id === "number") {
      if (!known.has(String(id))) {
        unknown.push(
          problemAt(
            parsed.file,
            located,
            `id ${JSON.stringify(String(id))} is not in the judge set`,
            "conversation_id",
          ),
        );
      }
    }
  }
  throwIfProblems([...parsed.problems, ...checked.problems, ...unknown]);
  const all: Label[] = checked.rows.map((row) => ({
    conversation_id: String(row.conversation_id),
    satisfied: row.satisfied === true,
    critique: typeof row.critique === "string" ? row.critique : "",
    ...(hasAnnotators && { annotator: String(row.annotator) }),
  }));
  const first = new Map<string, Label>();
  for (const label of all) if (!first.has(label.conversation_id)) first.set(label.conversation_id, label);
  return { labels: [...first.values()], annotated: hasAnnotators ? all : [] };
}

/**
 * SME labels, one per conversation (see readSmeLabels; with annotators, the file's first row for each).
 *
 * @example
 * const labels = loadSmeLabels({ format: "csv", file: "sme.csv", text }, judgeSet.rows.map((r) => String(r.conversation_id)));
 */
export function loadSmeLabels(source: DatasetSource, knownIds: Iterable<string>, map: FieldMap = {}): Label[] {
  return readSmeLabels(source, knownIds, map).labels;
}

/**
 * The labelled rows: each row with a label gains `satisfied`, `critique` and `label_source`;
 * rows without one are left out (and counted by the caller).
 *
 * @example
 * const labelled = attachLabels(judgeSet.rows, labels, "sme");
 */
export function attachLabels(rows: readonly Row[], labels: readonly Label[], source: string): Row[] {
  const byId = new Map(labels.map((label) => [label.conversation_id, label]));
  return rows.flatMap((row) => {
    const label = byId.get(String(row.conversation_id));
    return label ? [{ ...row, satisfied: label.satisfied, critique: label.critique, label_source: source }] : [];
  });
}

export interface LabelStats {
  total: number;
  satisfied: number;
  unsatisfied: number;
  /** satisfied / total; 0 when there are no labels. */
  satisfiedRate: number;
  /** Critique length in words. */
  critique: { meanWords: number; medianWords: number; maxWords: number; empty: number };
}

/**
 * Class balance and critique length: a heavily one-sided label set makes accuracy meaningless,
 * so the pipeline prints these before aligning a judge.
 *
 * @example
 * labelStats(labels).satisfiedRate; // 0.42
 */
export function labelStats(labels: readonly Pick<Label, "satisfied" | "critique">[]): LabelStats {
  const satisfied = labels.filter((label) => label.satisfied).length;
  const words = labels.map((label) => countWords(label.critique)).sort((a, b) => a - b);
  const total = labels.length;
  return {
    total,
    satisfied,
    unsatisfied: total - satisfied,
    satisfiedRate: total === 0 ? 0 : satisfied / total,
    critique: {
      meanWords: total === 0 ? 0 : words.reduce((sum, n) => sum + n, 0) / total,
      medianWords: median(words),
      maxWords: words[words.length - 1] ?? 0,
      empty: words.filter((n) => n === 0).length,
    },
  };
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** Where labels came from: recorded in the labelled version's lineage. */
export interface LabelProvenance {
  source: "sme" | "gold";
  /** sha256 of the imported label file. */
  fileSha256?: string;
  /** The gold judge's `provider/model`. */
  model?: string;
}

/**
 * The labelled child of `parent`: its rows that received a label, with the verdicts attached.
 * Unlabelled rows are listed in the lineage so the gap is visible.
 *
 * @example
 * const { version, unlabelled } = labelledVersion(judgeSet, labels, { source: "sme", fileSha256 });
 */
export function labelledVersion(
  parent: DatasetVersion,
  labels: readonly Label[],
  provenance: LabelProvenance,
  createdAt?: string,
): { version: DatasetVersion; unlabelled: string[] } {
  const rows = attachLabels(parent.rows, labels, provenance.source);
  const labelled = new Set(rows.map((row) => String(row.conversation_id)));
  const unlabelled = parent.rows.map((row) => String(row.conversation_id)).filter((id) => !labelled.has(id));
  const lineage: DatasetLineage = {
    parent: parent.id,
    transform: "label",
    params: { ...provenance },
    seed: null,
    counts: { input: parent.rows.length, unlabelled: unlabelled.length },
  };
  if (unlabelled.length > 0) lineage.dropped = { unlabelled };
  return { version: createDatasetVersion(rows, lineage, createdAt), unlabelled };
}
