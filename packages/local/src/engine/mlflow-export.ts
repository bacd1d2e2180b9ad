import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunRecord } from "@judgeloop/core";

/** What `runs export --format mlflow` wrote. */
export interface MlflowExport {
  dir: string;
  params: number;
  metrics: number;
  artifacts: string[];
}

/**
 * Writes a run as an MLflow run directory (the layout of `mlruns/<experiment>/<run>/`):
 * `meta.yaml`, `params/<key>` (the run's config, flattened, one value per file), `metrics/<key>`
 * (`<timestamp ms> <value> <step>` lines: spend, calls and every number of the summary's judge
 * and optimizer sections), `tags/<key>` and `artifacts/run.json` (stages, spend, errors). Only
 * the config, the resolved models and numbers are exported: no prompt, conversation, API key or
 * request body. `dir` is replaced whole.
 *
 * @example
 * await exportRunAsMlflow(record, { runDir: ".judgeloop/runs/run-1", out: "mlruns/0/run-1" });
 */
export async function exportRunAsMlflow(
  run: RunRecord,
  options: { runDir: string; out: string },
): Promise<MlflowExport> {
  const summary = await readJson(join(options.runDir, "summary.json"));
  const at = Date.parse(run.finishedAt ?? run.updatedAt);
  const config = (run.input as { config?: unknown } | null)?.config ?? {};
  const models = (run.input as { models?: unknown } | null)?.models ?? {};
  const params = [...flatten(config), ...flatten(models, "models")].filter(([, value]) => typeof value !== "object");
  const metrics: [string, number][] = [
    ["spend.usd", run.spend.spentUsd],
    ["spend.calls", run.spend.calls],
    ...numbersOf(summary, ["judge", "optimizer"]),
  ];
  await rm(options.out, { recursive: true, force: true });
  for (const sub of ["params", "metrics", "tags", "artifacts"])
    await mkdir(join(options.out, sub), { recursive: true });
  await writeFile(join(options.out, "meta.yaml"), metaYaml(run, options.out));
  for (const [key, value] of params) await writeFile(join(options.out, "params", safeKey(key)), String(value));
  for (const [key, value] of metrics) await writeFile(join(options.out, "metrics", safeKey(key)), `${at} ${value} 0\n`);
  for (const [key, value] of Object.entries(tagsOf(run, summary))) {
    await writeFile(join(options.out, "tags", key), value);
  }
  // The summary and report show prompts and conversations, so they stay out: the artifact is the
  // run's record without its input (stages, spend, errors), which holds neither.
  const record = {
    id: run.id,
    kind: run.kind,
    status: run.status,
    stages: run.stages,
    spend: run.spend,
    errors: run.errors,
  };
  await writeFile(join(options.out, "artifacts", "run.json"), `${JSON.stringify(record, null, 2)}\n`);
  const artifacts = ["run.json"];
  return { dir: options.out, params: params.length, metrics: metrics.length, artifacts };
}

const mlflowStatus: Record<RunRecord["status"], string> = {
  queued: "SCHEDULED",
  running: "RUNNING",
  succeeded: "FINISHED",
  stopped: "FINISHED",
  failed: "FAILED",
  cancelled: "KILLED",
};

function metaYaml(run: RunRecord, out: string): string {
  const ms = (iso: string | undefined) => (iso === undefined ? "null" : String(Date.parse(iso)));
  return [
    `artifact_uri: ${JSON.stringify(`file://${join(out, "artifacts")}`)}`,
    `end_time: ${ms(run.finishedAt)}`,
    "entry_point_name: ''",
    "experiment_id: '0'",
    "lifecycle_stage: active",
    `run_id: ${run.id}`,
    `run_name: ${run.id}`,
    "source_name: ''",
    "source_type: 4",
    "source_version: ''",
    `start_time: ${ms(run.startedAt ?? run.createdAt)}`,
    `status: ${["SCHEDULED", "RUNNING", "FINISHED", "FAILED", "KILLED"].indexOf(mlflowStatus[run.status]) + 1}`,
    "tags: []",
    "user_id: judgeloop",
    "",
  ].join("\n");
}

function tagsOf(run: RunRecord, summary: unknown): Record<string, string> {
  const simulated = (summary as { overview?: { simulated?: boolean } } | null)?.overview?.simulated;
  return {
    "mlflow.runName": run.id,
    "mlflow.source.name": "judgeloop",
    "judgeloop.kind": run.kind,
    "judgeloop.status": run.status,
    ...(simulated !== undefined && { "judgeloop.simulated": String(simulated) }),
  };
}

/** Leaves of a JSON value as dotted keys (array items by index). */
function flatten(value: unknown, prefix = ""): [string, unknown][] {
  if (value === null || typeof value !== "object") return prefix === "" ? [] : [[prefix, value]];
  const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
  if (entries.length === 0) return [];
  return entries.flatMap(([key, item]) => flatten(item, prefix === "" ? key : `${prefix}.${key}`));
}

function numbersOf(summary: unknown, sections: readonly string[]): [string, number][] {
  if (summary === null || typeof summary !== "object") return [];
  return sections.flatMap((section) =>
    flatten((summary as Record<string, unknown>)[section], section).flatMap(([key, value]): [string, number][] =>
      typeof value === "number" && Number.isFinite(value) ? [[key, value]] : [],
    ),
  );
}

/** MLflow keys allow letters, digits, `_ - . /` and spaces; a `/` would make a subdirectory here. */
function safeKey(key: string): string {
  return key.replace(/[^\w.\- ]/g, "_");
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8").catch(() => null);
  return text === null ? null : JSON.parse(text);
}
