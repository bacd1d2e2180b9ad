import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { type ApiApp, createApp, startApiServer } from "@judgeloop/api";
import {
  type DatasetVersion,
  JudgeloopError,
  judgeVerdicts,
  type LabelSet,
  type LabelStore,
  labelFileFormatOf,
  labelFileText,
  saveDatasetVersion,
} from "@judgeloop/core";
import {
  createLMFactory,
  databasePathIn,
  FileArtifactStore,
  LocalRunService,
  openSqliteStores,
  providerEnv,
} from "@judgeloop/local";
import { labelingPagePolicy, labelPageHtml, reviewPageHtml } from "@judgeloop/report";
import { loadDataset } from "../dataset-reference.ts";
import { info, printJson } from "../output.ts";
import { untilStopped } from "../server-lifecycle.ts";
import { judgeloopHome } from "./prepare.ts";

export interface LabelUiFlags {
  dataset?: string;
  set?: string;
  annotator?: string;
  port: number;
  judgeModel: string[];
  transcriptField?: string;
  out?: string;
  json?: boolean;
}

/** The transcript fields the pages read, in order (the API's `transcriptFields`). */
const transcriptFields = ["output_transcript", "transcript", "conversation"];

/**
 * `judgeloop label --ui`: the labeling page on 127.0.0.1, served by the API app itself (same
 * routes, same token). The token is made for this session and travels in the printed URL's
 * fragment, which the browser never sends to a server; labels go to the data directory's
 * SQLite database as they are given. `--judge-model` judges the dataset first (sim/* offline),
 * so the queue can put the conversations the judges disagree on first.
 *
 * @example
 * await runLabelUi({ dataset: "3f2a9c", annotator: "ana", port: 0, judgeModel: ["sim/strong", "sim/weak"] });
 */
export async function runLabelUi(flags: LabelUiFlags): Promise<void> {
  const json = flags.json === true;
  const home = judgeloopHome(flags.out);
  const artifacts = new FileArtifactStore(home);
  const stores = openSqliteStores(databasePathIn(home));
  try {
    const { labelSet, dataset } = await openLabelSet(artifacts, stores.labels, flags);
    await judgeDataset(stores.labels, labelSet, dataset, flags);
    const token = randomBytes(24).toString("hex");
    const app: ApiApp = createApp({
      runStore: stores.runs,
      artifacts,
      runs: new LocalRunService({ home, env: providerEnv(process.env) }),
      labels: stores.labels,
      token,
    });
    registerLabelingPages(app);
    const server = await startApiServer(app, { port: flags.port });
    const annotator = flags.annotator ?? "sme";
    const fragment = new URLSearchParams({ token, set: labelSet.id, annotator }).toString();
    const url = `${server.url}/label#${fragment}`;
    const reviewUrl = `${server.url}/label/review#${fragment}`;
    if (json) printJson({ url, reviewUrl, port: server.port, labelSet: labelSet.id, dataset: dataset.id, annotator });
    info(`label set ${labelSet.id} of dataset ${dataset.id} (${dataset.rows.length} conversations)`, json);
    info(`labeling page: ${url}`, json);
    info(`disagreement review: ${reviewUrl}`, json);
    info("labels are saved as you give them; Ctrl-C stops the server", json);
    await untilStopped();
    await server.close();
    info("Stopped", json);
  } finally {
    stores.close();
  }
}

/** The set `--set` names, else the dataset's newest set, else a new one. */
async function openLabelSet(
  artifacts: FileArtifactStore,
  labels: LabelStore,
  flags: LabelUiFlags,
): Promise<{ labelSet: LabelSet; dataset: DatasetVersion }> {
  if (flags.set !== undefined) {
    const labelSet = await labels.getSet(flags.set);
    if (labelSet === null) throw new JudgeloopError("label_set_not_found", `--set ${flags.set}: no such label set`);
    const { version } = await loadDataset(artifacts, labelSet.datasetId);
    return { labelSet, dataset: version };
  }
  if (flags.dataset === undefined)
    throw new JudgeloopError("bad_input", "label --ui needs --dataset ID|FILE (or --set ID)");
  const { version, fromFile } = await loadDataset(artifacts, flags.dataset);
  const field = transcriptFieldOf(version, flags.transcriptField);
  if (fromFile) await saveDatasetVersion(artifacts, version);
  if (field === undefined) {
    const tried = flags.transcriptField ?? transcriptFields.join(", ");
    throw new JudgeloopError(
      "bad_input",
      `--dataset ${flags.dataset}: no row field holds a transcript (${tried}) on every row`,
    );
  }
  const [newest] = await labels.listSets(version.id);
  return { labelSet: newest ?? (await labels.createSet({ datasetId: version.id, origin: "ui" })), dataset: version };
}

function transcriptFieldOf(version: DatasetVersion, wanted: string | undefined): string | undefined {
  const names = wanted === undefined ? transcriptFields : [wanted];
  return names.find((name) => version.rows.every((row) => typeof row[name] === "string"));
}

/** Runs the baseline judge on each `--judge-model` not judged before and stores its verdicts. */
async function judgeDataset(labels: LabelStore, labelSet: LabelSet, dataset: DatasetVersion, flags: LabelUiFlags) {
  const json = flags.json === true;
  const judged = new Set((await labels.listVerdicts(labelSet.id)).map((v) => v.judge));
  const field = transcriptFieldOf(dataset, flags.transcriptField) ?? "transcript";
  const lms = createLMFactory({ env: providerEnv(process.env) });
  for (const model of flags.judgeModel) {
    if (judged.has(model)) continue;
    const result = await judgeVerdicts(dataset.rows, {
      lm: lms(model),
      judge: model,
      transcriptField: field,
      onProgress: (p) => process.stderr.write(`\rjudge ${model} ${p.done}/${p.total}`),
    });
    process.stderr.write("\n");
    if (result.simulated) info(`verdicts of ${model}: SIMULATED, not a real model`, json);
    if (result.failed > 0) info(`judge ${model} failed on ${result.failed} conversations (no verdict)`, json);
    await labels.putVerdicts(labelSet.id, result.verdicts);
  }
}

/** The two pages, outside /v1: they hold no data, and read it with the fragment's token. */
function registerLabelingPages(app: ApiApp): void {
  const serve = (html: string) => () =>
    new Response(html, {
      headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": labelingPagePolicy },
    });
  app.get("/label", serve(labelPageHtml()));
  app.get("/label/review", serve(reviewPageHtml()));
}

export interface LabelExportFlags {
  export: string;
  dataset?: string;
  set?: string;
  annotator?: string;
  out?: string;
  json?: boolean;
}

/**
 * `judgeloop label --export FILE`: one annotator's labels of a set (`--set`, else the newest set of
 * `--dataset`, else the newest set of all) as CSV or JSONL, the shape `label --sme` imports.
 *
 * @example
 * await runLabelExport({ export: "labels.csv", dataset: "3f2a9c" });
 */
export async function runLabelExport(flags: LabelExportFlags): Promise<void> {
  const json = flags.json === true;
  const format = labelFileFormatOf(flags.export);
  const home = judgeloopHome(flags.out);
  const stores = openSqliteStores(databasePathIn(home));
  try {
    const labelSet = await exportedSet(new FileArtifactStore(home), stores.labels, flags);
    const labels = await stores.labels.listLabels(labelSet.id);
    const text = labelFileText(labels, format, flags.annotator);
    await writeFile(flags.export, text);
    const rows = text.split("\n").filter((line) => line !== "").length - (format === "csv" ? 1 : 0);
    info(`wrote ${rows} labels of label set ${labelSet.id} (dataset ${labelSet.datasetId}) to ${flags.export}`, json);
    if (json)
      printJson({ file: flags.export, format, labelSet: labelSet.id, dataset: labelSet.datasetId, labels: rows });
  } finally {
    stores.close();
  }
}

async function exportedSet(
  artifacts: FileArtifactStore,
  labels: LabelStore,
  flags: LabelExportFlags,
): Promise<LabelSet> {
  if (flags.set !== undefined) {
    const set = await labels.getSet(flags.set);
    if (set === null) throw new JudgeloopError("label_set_not_found", `--set ${flags.set}: no such label set`);
    return set;
  }
  const datasetId = flags.dataset === undefined ? undefined : (await loadDataset(artifacts, flags.dataset)).version.id;
  const [newest] = await labels.listSets(datasetId);
  if (newest === undefined) {
    const where = datasetId === undefined ? "" : ` for dataset ${datasetId}`;
    throw new JudgeloopError("label_set_not_found", `no label set${where}; label one with judgeloop label --ui`);
  }
  return newest;
}
