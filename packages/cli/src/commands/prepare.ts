import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import {
  conversationSchema,
  type DatasetVersion,
  dataInputOf,
  type JudgeloopConfig,
  JudgeloopError,
  loadLanguageDetector,
  loadRows,
  type PreparedDatasets,
  type PrepareResult,
  parseConfig,
  parseConfigText,
  parseFieldMap,
  prepareConversations,
  saveDatasetVersion,
} from "@judgeloop/core";
import { FileArtifactStore, readDatasetSource } from "@judgeloop/local";
import type { Command } from "commander";
import { info, printJson } from "../output.ts";

interface PrepareFlags {
  config?: string;
  input?: string;
  out?: string;
  map?: string[];
  json?: boolean;
}

const defaultConfigFile = "judgeloop.config.json";

/** Printing order and labels of the prepared versions; indented ones live inside the line above. */
const steps: ReadonlyArray<[keyof PreparedDatasets, string]> = [
  ["imported", "import"],
  ["preprocessed", "preprocess"],
  ["truncated", "truncate"],
  ["sampled", "sample"],
  ["judge", "split judge"],
  ["judgeTrain", "  judge-train"],
  ["judgeValidation", "  judge-validation"],
  ["dev", "split dev"],
  ["devTrain", "  dev-train"],
  ["devHoldout", "  dev-holdout"],
];

/**
 * `judgeloop prepare`: conversations → versioned judge and dev datasets (see prepareConversations).
 *
 * @example
 * judgeloop prepare --config examples/airline-support/judgeloop.config.json --json
 */
export function registerPrepare(program: Command): void {
  program
    .command("prepare")
    .description("Load conversations, filter, truncate, sample and split them into versioned datasets")
    .option("--config <file>", `config file (default: ./${defaultConfigFile} when present)`)
    .option("--input <path>", "conversations: .jsonl, .csv or a datasets save_to_disk directory (overrides data.input)")
    .option("--out <dir>", "where dataset versions are written (default: $JUDGELOOP_HOME or .judgeloop)")
    .option("--map <target=source...>", "take a field from another column, e.g. conversation=text")
    .option("--json", "print one JSON result on stdout; progress goes to stderr")
    .action(async (flags: PrepareFlags) => runPrepare(flags));
}

/**
 * The local data directory: --out, else $JUDGELOOP_HOME, else `.judgeloop`.
 *
 * @example
 * new FileArtifactStore(judgeloopHome(flags.out));
 */
export function judgeloopHome(out: string | undefined): string {
  return out ?? process.env.JUDGELOOP_HOME ?? ".judgeloop";
}

async function runPrepare(flags: PrepareFlags): Promise<void> {
  const json = flags.json === true;
  const { config, configFile } = await loadConfig(flags);
  const input = flags.input ?? relativeTo(configFile, dataInputOf(config.data, "judgeloop prepare"));
  const map = { ...config.data.map, ...parseFieldMap(flags.map ?? []) };
  const source = await readDatasetSource(input, {
    ...(config.data.format !== undefined && { format: config.data.format }),
    ...(config.data.split !== undefined && { split: config.data.split }),
  });
  const rows = loadRows(source, { schema: conversationSchema, map });
  info(`loaded ${rows.length} conversations from ${input}`, json);
  const result = prepareConversations(rows, config.prepare, {
    detector: await loadLanguageDetector(),
    source: { format: source.format, map },
    createdAt: new Date().toISOString(),
  });
  for (const [key, label] of steps) info(describeStep(label, result, key), json);
  const home = judgeloopHome(flags.out);
  const written = await saveAll(new FileArtifactStore(home), result.datasets);
  const total = steps.length;
  info(`wrote ${written} of ${total} dataset versions to ${home} (${total - written} were already there)`, json);
  if (json) printJson(summary(result, { input, configFile, home, written }));
}

/** A path from the config file, which is relative to the file's directory. */
function relativeTo(configFile: string | null, path: string): string {
  return isAbsolute(path) || configFile === null ? path : join(dirname(configFile), path);
}

async function loadConfig(flags: PrepareFlags): Promise<{ config: JudgeloopConfig; configFile: string | null }> {
  const configFile = flags.config ?? (existsSync(defaultConfigFile) ? defaultConfigFile : null);
  if (configFile === null) {
    if (flags.input === undefined) {
      throw new JudgeloopError("bad_input", `no ${defaultConfigFile} here: pass --config FILE or --input FILE`);
    }
    return { config: parseConfig({ data: { input: flags.input } }, "defaults"), configFile: null };
  }
  const text = await readFile(configFile, "utf8").catch((error: unknown) => {
    throw new JudgeloopError("bad_config", `cannot read config ${configFile}`, { cause: error });
  });
  return { config: parseConfigText(text, configFile), configFile };
}

function describeStep(label: string, result: PrepareResult, key: keyof PreparedDatasets): string {
  const version = result.datasets[key];
  const line = `  ${label.padEnd(19)} ${String(version.rows.length).padStart(6)} rows  ${version.id}`;
  const notes = stepNotes(result, key, version);
  return notes === "" ? line : `${line}  ${notes}`;
}

function stepNotes(result: PrepareResult, key: keyof PreparedDatasets, version: DatasetVersion): string {
  const { params, seed } = version.lineage;
  if (key === "preprocessed") {
    const { dropped, languages } = result.preprocess;
    const kept = new Set(version.rows.map((row) => String(row.language)));
    const other = Object.entries(languages).filter(([language]) => !kept.has(language));
    const byLanguage = other.map(([language, count]) => `${language} ${count}`).join(", ") || "none";
    const blank = dropped.blank_company?.count ?? 0;
    return `dropped ${blank} blank company, ${dropped.language?.count ?? 0} language (${byLanguage})`;
  }
  if (key === "truncated") {
    const notes = [`seed ${seed}`, `minTurns ${params.minTurns}`];
    if (params.ensureCustomerLast) notes.push("ends on a customer turn");
    const dropped = result.truncationDropped.length;
    if (dropped > 0) notes.push(`dropped ${dropped} without a customer turn`);
    return notes.join(", ");
  }
  if (key === "sampled") return seed === null ? "all rows" : `seed ${seed}`;
  return "";
}

async function saveAll(store: FileArtifactStore, datasets: PreparedDatasets): Promise<number> {
  let written = 0;
  for (const [key] of steps) {
    if ((await saveDatasetVersion(store, datasets[key])).written) written++;
  }
  return written;
}

interface SummaryContext {
  input: string;
  configFile: string | null;
  home: string;
  written: number;
}

function summary(result: PrepareResult, context: SummaryContext): Record<string, unknown> {
  return {
    input: context.input,
    config: context.configFile,
    home: context.home,
    datasets: Object.fromEntries(steps.map(([key]) => [key, result.datasets[key].id])),
    steps: steps.map(([key, label]) => {
      const version = result.datasets[key];
      const { parent, transform, seed, counts } = version.lineage;
      return {
        name: key,
        step: label.trim(),
        id: version.id,
        parent,
        transform,
        seed,
        rows: version.rows.length,
        counts,
      };
    }),
    dropped: { ...result.preprocess.dropped, no_customer_turn: result.truncationDropped },
    languages: result.preprocess.languages,
    written: context.written,
  };
}
