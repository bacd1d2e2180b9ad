import { createHash } from "node:crypto";
import {
  createGoldJudge,
  type DatasetSource,
  type DatasetVersion,
  goldLabels,
  JudgeloopError,
  type Label,
  type LabelProvenance,
  type LabelStats,
  labelledVersion,
  labelStats,
  loadSmeLabels,
  saveDatasetVersion,
} from "@judgeloop/core";
import { createLMFactory, FileArtifactStore, providerEnv, readDatasetSource } from "@judgeloop/local";
import type { Command } from "commander";
import { loadDataset } from "../dataset-reference.ts";
import { info, printJson } from "../output.ts";
import { port } from "../server-lifecycle.ts";
import { runLabelExport, runLabelUi } from "./label-ui.ts";
import { judgeloopHome } from "./prepare.ts";

interface LabelFlags {
  dataset?: string;
  ui?: boolean;
  export?: string;
  set?: string;
  annotator?: string;
  port: number;
  judgeModel: string[];
  sme?: string;
  goldModel?: string;
  transcriptField?: string;
  concurrency: string;
  out?: string;
  json?: boolean;
}

/**
 * `judgeloop label`: gold labels for a dataset, imported from SMEs or produced by the gold judge.
 *
 * @example
 * judgeloop label --dataset 3f2a9c --sme labels.csv --json
 * judgeloop label --dataset transcripts.jsonl --gold-model sim/gold
 * judgeloop label --ui --dataset 3f2a9c --annotator ana --judge-model sim/strong --judge-model sim/weak
 * judgeloop label --export labels.csv --annotator ana
 */
export function registerLabel(program: Command): void {
  program
    .command("label")
    .description(
      "Label a dataset: import SME labels or run the gold judge (reporting class balance), label it in the browser (--ui), or export a label set",
    )
    .option("--dataset <id|file>", "a dataset version id (or a unique prefix of one), or a JSONL/CSV file")
    .option("--sme <file>", "SME labels, CSV or JSONL: conversation_id, satisfied, critique")
    .option("--gold-model <model>", "label with the gold judge on this provider/model (sim/gold runs offline)")
    .option("--ui", "serve the labeling page on 127.0.0.1; labels are saved to the data directory as they are given")
    .option("--export <file>", "write a label set's labels (.csv or .jsonl) in the shape --sme reads")
    .option("--set <id>", "the label set for --ui/--export (default: the dataset's newest)")
    .option("--annotator <name>", "who labels (--ui) or whose labels to export")
    .option("--port <n>", "--ui: port to listen on; 0 picks a free one", port, 8788)
    .option(
      "--judge-model <model>",
      "--ui: judge the dataset with this model first, to order the queue (repeatable)",
      collect,
      [],
    )
    .option(
      "--transcript-field <name>",
      "the field holding the transcript (default: output_transcript; --ui also tries transcript, conversation)",
    )
    .option("--concurrency <n>", "gold judge calls in flight", "8")
    .option("--out <dir>", "the judgeloop data directory (default: $JUDGELOOP_HOME or .judgeloop)")
    .option("--json", "print one JSON result on stdout; progress goes to stderr")
    .action(async (flags: LabelFlags) => runLabel(flags));
}

async function runLabel(flags: LabelFlags): Promise<void> {
  if (flags.ui === true && flags.export !== undefined)
    throw new JudgeloopError("bad_input", "give --ui or --export, not both");
  if (flags.ui === true) return runLabelUi(flags);
  if (flags.export !== undefined) return runLabelExport({ ...flags, export: flags.export });
  if (flags.dataset === undefined)
    throw new JudgeloopError("bad_input", "required option '--dataset <id|file>' not specified");
  await importOrGoldLabels({ ...flags, dataset: flags.dataset });
}

async function importOrGoldLabels(flags: LabelFlags & { dataset: string }): Promise<void> {
  const json = flags.json === true;
  if ((flags.sme === undefined) === (flags.goldModel === undefined)) {
    throw new JudgeloopError("bad_input", "give exactly one of --sme FILE and --gold-model MODEL");
  }
  const home = judgeloopHome(flags.out);
  const store = new FileArtifactStore(home);
  const dataset = await loadDataset(store, flags.dataset);
  info(`dataset ${dataset.version.id}: ${dataset.version.rows.length} rows`, json);
  const run =
    flags.sme !== undefined ? await smeLabels(dataset.version, flags.sme) : await goldRun(dataset.version, flags);
  const createdAt = new Date().toISOString();
  const { version, unlabelled } = labelledVersion(dataset.version, run.labels, run.provenance, createdAt);
  if (dataset.fromFile) await saveDatasetVersion(store, dataset.version);
  await saveDatasetVersion(store, version);
  const stats = labelStats(run.labels);
  printStats(stats, unlabelled.length, json);
  info(`labelled dataset ${version.id} (${version.rows.length} rows) written to ${home}`, json);
  if (json) {
    const rows = version.rows.length;
    printJson({ dataset: dataset.version.id, labelled: version.id, rows, stats, unlabelled, ...run.extra });
  }
}

function printStats(stats: LabelStats, unlabelled: number, json: boolean): void {
  const rate = (stats.satisfiedRate * 100).toFixed(1);
  info(`labels: ${stats.total} (${stats.satisfied} satisfied, ${stats.unsatisfied} not; ${rate}% satisfied)`, json);
  const { meanWords, medianWords, maxWords, empty } = stats.critique;
  const mean = meanWords.toFixed(1);
  info(`critiques: mean ${mean} words, median ${medianWords}, max ${maxWords}, ${empty} empty`, json);
  if (unlabelled > 0) info(`unlabelled: ${unlabelled} rows`, json);
}

interface LabelRun {
  labels: Label[];
  provenance: LabelProvenance;
  /** Extra fields of the --json result. */
  extra: Record<string, unknown>;
}

async function smeLabels(dataset: DatasetVersion, file: string): Promise<LabelRun> {
  const source = await readDatasetSource(file);
  const ids = dataset.rows.map((row) => String(row.conversation_id));
  const labels = loadSmeLabels(source, ids);
  return { labels, provenance: { source: "sme", fileSha256: sha256Of(source) }, extra: { source: "sme", file } };
}

async function goldRun(dataset: DatasetVersion, flags: LabelFlags): Promise<LabelRun> {
  const json = flags.json === true;
  const model = flags.goldModel ?? "";
  const field = flags.transcriptField ?? "output_transcript";
  const missing = dataset.rows.filter((row) => typeof row[field] !== "string").length;
  if (missing > 0) {
    throw new JudgeloopError(
      "bad_input",
      `${missing} of ${dataset.rows.length} rows have no \`${field}\` text for the gold judge; run generate first or pass --transcript-field`,
    );
  }
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new JudgeloopError("bad_input", `--concurrency ${flags.concurrency} is not a positive integer`);
  }
  const result = await goldLabels(dataset.rows, createGoldJudge(), {
    // The shared composition root: keys from the environment, retries, prices; sim/* runs offline.
    lm: createLMFactory({ env: providerEnv(process.env) })(model),
    transcriptField: field,
    concurrency,
    onProgress: (p) =>
      process.stderr.write(`\rgold judge ${p.done}/${p.total}${p.errors ? `, ${p.errors} errors` : ""}`),
  });
  process.stderr.write("\n");
  if (result.simulated) info(`gold labels come from ${model}: SIMULATED, not a real model`, json);
  if (result.failures.length > 0) info(`gold judge failed on ${result.failures.length} rows (left unlabelled)`, json);
  if (result.labels.length === 0) {
    throw new JudgeloopError("labeling_failed", `the gold judge labelled none of ${dataset.rows.length} rows`);
  }
  const { failures, usage, costUsd, simulated } = result;
  return {
    labels: result.labels,
    provenance: { source: "gold", model },
    extra: { source: "gold", model, simulated, failures, usage, costUsd },
  };
}

function sha256Of(source: DatasetSource): string {
  const hash = createHash("sha256");
  if (source.format === "arrow") for (const shard of source.files.shards) hash.update(shard.bytes);
  else hash.update(source.text);
  return hash.digest("hex");
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
