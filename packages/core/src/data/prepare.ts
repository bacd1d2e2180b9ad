import type { PrepareConfig } from "./config.ts";
import { createDatasetVersion, type DatasetLineage, type DatasetVersion } from "./dataset-version.ts";
import type { FieldMap } from "./field-map.ts";
import type { LanguageDetector } from "./language.ts";
import type { DatasetFormat } from "./load.ts";
import type { Row } from "./parsed-rows.ts";
import { type PreprocessReport, preprocessConversations } from "./preprocess.ts";
import { nestedSplits, sampleRows } from "./split.ts";
import { truncateRows } from "./truncate.ts";

export interface PrepareOptions {
  detector: LanguageDetector;
  /** How the rows were read; recorded in the import version's lineage. */
  source: { format: DatasetFormat; map: FieldMap };
  createdAt?: string;
}

/** Every version `prepare` makes, in pipeline order. */
export interface PreparedDatasets {
  imported: DatasetVersion;
  preprocessed: DatasetVersion;
  truncated: DatasetVersion;
  sampled: DatasetVersion;
  judge: DatasetVersion;
  judgeTrain: DatasetVersion;
  judgeValidation: DatasetVersion;
  dev: DatasetVersion;
  devTrain: DatasetVersion;
  devHoldout: DatasetVersion;
}

export interface PrepareResult {
  datasets: PreparedDatasets;
  preprocess: PreprocessReport;
  /** Conversations without a customer turn to end on. */
  truncationDropped: string[];
}

/**
 * The reference preparation: import → drop blank companies and other languages → seeded
 * truncation ending on a customer turn, with the company prefix → seeded sample → nested
 * splits. Each step is a dataset version whose lineage points at the previous one; the same
 * rows and config always give the same ids.
 *
 * @example
 * const { datasets } = prepareConversations(rows, config.prepare, { detector, source: { format: "jsonl", map: {} } });
 * datasets.judgeTrain.rows.length; // 110 with the bundled config
 */
export function prepareConversations(
  rows: readonly Row[],
  config: PrepareConfig,
  options: PrepareOptions,
): PrepareResult {
  const derive = versionMaker(options.createdAt);
  const imported = derive(null, rows, "import", { ...options.source }, null);
  const pre = preprocessConversations(imported.rows, { languages: config.languages, detector: options.detector });
  const preprocessed = derive(imported, pre.rows, "preprocess", { languages: config.languages }, null, {
    dropped: Object.fromEntries(Object.entries(pre.report.dropped).map(([reason, drop]) => [reason, drop.ids])),
  });
  const truncationSeed = config.truncation.seed ?? config.seed;
  const truncation = { ...config.truncation, seed: truncationSeed };
  const cut = truncateRows(preprocessed.rows, truncation);
  const truncated = derive(preprocessed, cut.rows, "truncate", withoutSeed(truncation), truncationSeed, {
    dropped: { no_customer_turn: cut.dropped },
  });
  const sampled = sampleStep(truncated, config, derive);
  const splitSeed = config.splits.seed ?? config.seed;
  const parts = nestedSplits(sampled.rows, { ...config.splits, seed: splitSeed });
  const sizes = withoutSeed(config.splits);
  const split = (parent: DatasetVersion, part: Row[], name: string) =>
    derive(parent, part, "split", { part: name, sizes }, splitSeed);
  const judge = split(sampled, parts.judge, "judge");
  const dev = split(sampled, parts.dev, "dev");
  const datasets: PreparedDatasets = {
    imported,
    preprocessed,
    truncated,
    sampled,
    judge,
    judgeTrain: split(judge, parts.judgeTrain, "judge-train"),
    judgeValidation: split(judge, parts.judgeValidation, "judge-validation"),
    dev,
    devTrain: split(dev, parts.devTrain, "dev-train"),
    devHoldout: split(dev, parts.devHoldout, "dev-holdout"),
  };
  return { datasets, preprocess: pre.report, truncationDropped: cut.dropped };
}

type Derive = (
  parent: DatasetVersion | null,
  rows: readonly Row[],
  transform: string,
  params: Record<string, unknown>,
  seed: string | number | null,
  extra?: Pick<DatasetLineage, "dropped">,
) => DatasetVersion;

function versionMaker(createdAt: string | undefined): Derive {
  return (parent, rows, transform, params, seed, extra) => {
    const lineage: DatasetLineage = {
      parent: parent?.id ?? null,
      transform,
      params,
      seed,
      counts: { input: parent?.rows.length ?? rows.length },
    };
    const dropped = Object.entries(extra?.dropped ?? {}).filter(([, ids]) => ids.length > 0);
    if (dropped.length > 0) {
      lineage.dropped = Object.fromEntries(dropped);
      for (const [reason, ids] of dropped) lineage.counts[`dropped_${reason}`] = ids.length;
    }
    return createDatasetVersion(rows, lineage, createdAt);
  };
}

function sampleStep(truncated: DatasetVersion, config: PrepareConfig, derive: Derive): DatasetVersion {
  if (config.sample === undefined) return derive(truncated, truncated.rows, "sample", { size: "all" }, null);
  const seed = config.sample.seed ?? config.seed;
  return derive(
    truncated,
    sampleRows(truncated.rows, config.sample.size, seed),
    "sample",
    { size: config.sample.size },
    seed,
  );
}

function withoutSeed<T extends { seed?: unknown }>(options: T): Omit<T, "seed"> {
  const { seed: _seed, ...rest } = options;
  return rest;
}
