import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  configSections,
  type DatasetVersion,
  Example,
  loadLanguageDetector,
  type PreparedDatasets,
  parseJsonl,
  prepareConversations,
} from "@judgeloop/core";
import type { RunSummary } from "../summary.ts";

/**
 * The bundled airline conversations (a copy of the shared data set, with its licence).
 *
 * @example
 * await prepareSampleData(bundledConversations, sizes, 7);
 */
export const bundledConversations = fileURLToPath(
  new URL("../../../../examples/airline-support/conversations.jsonl", import.meta.url),
);

export interface SampleSizes {
  /** Conversations sampled from the file. */
  sample: number;
  judgeSet: number;
  judgeValidation: number;
  devHoldout: number;
}

/** One conversation cut to end on a customer turn, with its company prefix: the generator's input. */
export interface SampleConversation {
  id: string;
  transcript: string;
}

export interface SampleData {
  datasets: PreparedDatasets;
  judgeTrain: SampleConversation[];
  judgeValidation: SampleConversation[];
  devTrain: SampleConversation[];
  devHoldout: SampleConversation[];
}

/**
 * Runs core's reference preparation (language filter, seeded truncation, sample, nested splits)
 * on the bundled conversations.
 *
 * @example
 * const data = await prepareSampleData(bundledConversations, { sample: 100, judgeSet: 60, judgeValidation: 30, devHoldout: 20 }, 7);
 */
export async function prepareSampleData(file: string, sizes: SampleSizes, seed: number): Promise<SampleData> {
  const parsed = parseJsonl(await readFile(file, "utf8"), file);
  const config = configSections.prepare.parse({
    seed,
    sample: { size: sizes.sample },
    splits: { judgeSet: sizes.judgeSet, judgeValidation: sizes.judgeValidation, devHoldout: sizes.devHoldout },
  });
  const detector = await loadLanguageDetector();
  const { datasets } = prepareConversations(
    parsed.rows.map((r) => r.values),
    config,
    { detector, source: { format: "jsonl", map: {} }, createdAt: "2025-06-01T09:00:00.000Z" },
  );
  return {
    datasets,
    judgeTrain: conversations(datasets.judgeTrain),
    judgeValidation: conversations(datasets.judgeValidation),
    devTrain: conversations(datasets.devTrain),
    devHoldout: conversations(datasets.devHoldout),
  };
}

function conversations(version: DatasetVersion): SampleConversation[] {
  return version.rows.map((row) => ({
    id: String(row.conversation_id),
    transcript: String(row.company_and_transcript),
  }));
}

/**
 * Examples whose only input is the transcript, keyed by conversation id.
 *
 * @example
 * transcriptExamples([{ id: "c-1", transcript: "Customer: hi" }])[0]?.inputs(); // { transcript: "Customer: hi" }
 */
export function transcriptExamples(items: readonly SampleConversation[]): Example[] {
  return items.map(({ id, transcript }) => new Example({ transcript }, { id }).withInputs("transcript"));
}

/**
 * The overview's dataset rows: every version `prepare` made, with its lineage.
 *
 * @example
 * datasetRows(data.datasets).map((d) => d.name); // ["imported", "preprocessed", …, "dev-holdout"]
 */
export function datasetRows(datasets: PreparedDatasets): RunSummary["overview"]["datasets"] {
  const named: Array<[string, DatasetVersion]> = [
    ["imported", datasets.imported],
    ["preprocessed", datasets.preprocessed],
    ["truncated", datasets.truncated],
    ["sampled", datasets.sampled],
    ["judge", datasets.judge],
    ["judge-train", datasets.judgeTrain],
    ["judge-validation", datasets.judgeValidation],
    ["dev", datasets.dev],
    ["dev-train", datasets.devTrain],
    ["dev-holdout", datasets.devHoldout],
  ];
  return named.map(([name, version]) => ({
    name,
    id: version.id,
    size: version.rows.length,
    lineage: {
      parent: version.lineage.parent,
      transform: version.lineage.transform,
      seed: version.lineage.seed,
      params: version.lineage.params,
    },
  }));
}
