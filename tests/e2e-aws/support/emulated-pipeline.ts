import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  createDatasetVersion,
  type DatasetVersion,
  fannedOutStages,
  getJson,
  type Row,
  type RunRecord,
  readStageJobCounts,
  type StageJobCounts,
  type StageName,
  saveDatasetVersion,
} from "@judgeloop/core";
import { FileArtifactStore, LocalRunService, openLocalRuntime, runDirectory } from "@judgeloop/local";
import { handler as worker } from "../../../functions/worker.ts";
import { call, httpEvent } from "./api-calls.ts";
import type { AwsStack } from "./aws-stack.ts";
import { runLocalPipelineExecution } from "./local-pipeline-execution.ts";
import { startWorkerLoop } from "./worker-loop.ts";

/** Summary fields that differ between any two runs of the same config (ids, times, paths). */
const runSpecificKeys = [
  "runId",
  "createdAt",
  "startedAt",
  "finishedAt",
  "durationMs",
  "generatedAt",
  "htmlPath",
  "summaryPath",
];

/**
 * The numbers a report shows, without what differs between any two runs: what must be equal
 * between the AWS machines and the local engine.
 *
 * @example
 * expect(summaryNumbers(awsSummary)).toEqual(summaryNumbers(localSummary));
 */
export function summaryNumbers(summary: unknown): unknown {
  return JSON.parse(JSON.stringify(summary, (key, value) => (runSpecificKeys.includes(key) ? undefined : value)));
}

/**
 * Conversations (or seed questions) as an upload stores them: an imported dataset version, content-addressed.
 *
 * @example
 * const version = importedDataset(rows, "airline-support");
 */
export function importedDataset(
  rows: readonly Row[],
  name: string,
  kind: "conversations" | "seeds" = "conversations",
): DatasetVersion {
  const lineage = { parent: null, transform: "import", params: { name, kind, map: {} }, seed: null };
  return createDatasetVersion(rows, { ...lineage, counts: {} }, new Date().toISOString());
}

export interface EmulatedPipelineOptions {
  stack: AwsStack;
  /** The run config, as the API takes it; its `data` names the uploaded dataset (keeping `data.synthesize`). */
  config: Record<string, unknown>;
  dataset: DatasetVersion;
  idempotencyKey: string;
  capUsd?: number;
  dispatchTimeoutSeconds?: number;
  /** Each Lambda invocation (the workers' included) and its duration, by function. */
  onInvocation?: (fn: string, ms: number) => void;
  /** Each job message the workers received (its body's size in bytes), for benches. */
  onJobMessage?: (bytes: number) => void;
  /** Ends the execution once this stage has succeeded (a bench of the stages before it). */
  stopAfter?: StageName;
  /** Told what each RunStages pass handed on (a stage round, an optimization), for progress lines. */
  log?: (line: string) => void;
}

/** How an emulated pipeline run went. */
export interface EmulatedPipelineRun {
  runId: string;
  record: RunRecord;
  /** The run's summary.json, when it got that far. */
  summary: unknown;
  /** Jobs, LM calls and cache hits the workers counted, by stage. */
  jobs: Partial<Record<StageName, StageJobCounts>>;
  /** Stage rounds dispatched to the job queue, by stage. */
  rounds: Partial<Record<StageName, number>>;
  /** State machine steps in order (see runLocalPipelineExecution). */
  trail: string[];
}

/**
 * Runs a pipeline through the emulated AWS deployment: the dataset stored in the bucket, the run
 * started over the API (POST /v1/runs), the pipeline machine (and each nested optimizer
 * execution) on aws-local-stepfunctions with the real handlers, and the worker draining the
 * fauxqs job queue as Lambda's event source mapping would.
 *
 * @example
 * const run = await runEmulatedPipeline({ stack, config, dataset, idempotencyKey: "aws-local" });
 */
export async function runEmulatedPipeline(options: EmulatedPipelineOptions): Promise<EmulatedPipelineRun> {
  const { stack } = options;
  await saveDatasetVersion(stack.artifacts, options.dataset);
  const body = {
    config: { ...options.config, data: withDataset(options.config, options.dataset) },
    ...(options.capUsd !== undefined && { budget: { capUsd: options.capUsd } }),
  };
  const started = await call(
    httpEvent("POST", "/v1/runs", { body, headers: { "Idempotency-Key": options.idempotencyKey } }),
  );
  if (started.status !== 201) throw new Error(`POST /v1/runs answered ${started.status}: ${started.text}`);
  const runId = String(started.body.id);
  const timed = options.onInvocation;
  const loop = startWorkerLoop({
    sqs: stack.clients.sqs,
    queueUrl: stack.queueUrl,
    handler: async (event) => {
      const at = performance.now();
      for (const record of event.Records) options.onJobMessage?.(Buffer.byteLength(record.body));
      try {
        return await worker(event);
      } finally {
        timed?.("worker", performance.now() - at);
      }
    },
  });
  const rounds: Partial<Record<StageName, number>> = {};
  const optimizing = new Map<string, number>();
  const execution = runLocalPipelineExecution(
    { runId },
    {
      sfn: stack.sfn,
      queueUrl: stack.queueUrl,
      dispatchTimeoutSeconds: options.dispatchTimeoutSeconds ?? 900,
      // Emulated steps share this machine's cores with the workers and emulators: no deployed step timeout.
      stepTimeoutSeconds: 3600,
      ...(timed && { onInvocation: timed }),
      beforeOptimize: async (optimization) => {
        optimizing.set(optimization, performance.now());
      },
      // How long the Optimize state waited: longer than a minute failed on the emulator while that
      // state had no TimeoutSeconds (aws-local-stepfunctions' default is 60 s).
      afterOptimize: async (optimization) => {
        const seconds = (performance.now() - (optimizing.get(optimization) ?? performance.now())) / 1000;
        options.log?.(`optimization ${optimization} ended after ${seconds.toFixed(1)} s`);
      },
      afterStep: async (step, output) => {
        const pass = output as { jobs?: { stage: StageName; jobCount: number }; waitingFor?: { runId: string } } | null;
        const stage = pass?.jobs?.stage;
        if (step === "run-stages" && stage) rounds[stage] = (rounds[stage] ?? 0) + 1;
        if (step === "run-stages" && pass?.jobs) options.log?.(`${stage}: ${pass.jobs.jobCount} jobs to the queue`);
        if (step === "run-stages" && pass?.waitingFor) options.log?.(`optimization ${pass.waitingFor.runId} starts`);
        if (
          options.stopAfter &&
          (await stack.runStore.getRun(runId))?.stages[options.stopAfter]?.status === "succeeded"
        ) {
          execution.abort();
        }
      },
    },
  );
  const aborted = await execution.result
    .then(
      () => false,
      async (error: unknown) => {
        if (options.stopAfter && (error as Error).name === "ExecutionAbortedError") return true;
        const runs = [runId, `${runId}-judge-optimize`, `${runId}-generator-optimize`];
        const records = await Promise.all(runs.map((id) => stack.runStore.getRun(id)));
        const errors = records.flatMap((record) => record?.errors ?? []);
        const why = errors.map((e) => `${e.stage ?? "run"}: ${e.code}: ${e.message}`).join("; ");
        throw new Error(`${(error as Error).message}${why ? ` (${why})` : ""}`, { cause: error });
      },
    )
    .finally(() => loop.stop());
  const record = await stack.runStore.getRun(runId);
  if (!record) throw new Error(`no run ${runId}`);
  const summary = aborted ? null : await getJson(stack.artifacts, `runs/${runId}/summary.json`);
  const jobs = await readStageJobCounts(stack.runStore, runId, countedStages);
  return { runId, record, summary, jobs, rounds, trail: execution.trail };
}

/** The stages whose jobs are counted: every stage that fans out, and prepare's synthesis jobs. */
const countedStages: readonly StageName[] = [...fannedOutStages, "prepare"];

/** The config's `data` (its `synthesize` section, if any) naming the uploaded dataset. */
function withDataset(config: Record<string, unknown>, dataset: DatasetVersion): Record<string, unknown> {
  const data = (config.data ?? {}) as Record<string, unknown>;
  return { ...(data.synthesize !== undefined && { synthesize: data.synthesize }), dataset: dataset.id };
}

/**
 * The same run on the local engine (in-process job queue, SQLite, files) in `home`: its summary
 * and its stage job counts.
 *
 * @example
 * const local = await runLocalTwin(home, config, dataset, 20);
 */
export async function runLocalTwin(
  home: string,
  config: Record<string, unknown>,
  dataset: DatasetVersion,
  capUsd: number,
): Promise<{ summary: unknown; jobs: Partial<Record<StageName, StageJobCounts>> }> {
  await saveDatasetVersion(new FileArtifactStore(home), dataset);
  const service = new LocalRunService({ home, env: { keys: {} } });
  const runId = "run-local-twin";
  await service.start({
    runId,
    config: { ...config, data: withDataset(config, dataset) } as never,
    budget: { capUsd },
  });
  await service.idle();
  const summary = JSON.parse(await readFile(join(runDirectory(home, runId), "summary.json"), "utf8"));
  const runtime = openLocalRuntime(home);
  try {
    return { summary, jobs: await readStageJobCounts(runtime.stores.runs, runId, countedStages) };
  } finally {
    runtime.close();
  }
}
