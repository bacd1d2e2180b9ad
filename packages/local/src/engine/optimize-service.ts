import { rm } from "node:fs/promises";
import { join } from "node:path";
import {
  type ArtifactStore,
  datasetToData,
  type GepaState,
  gepaStateFormat,
  JudgeloopError,
  loadTokenizer,
  type MiproJob,
  type MiproJobContext,
  type MiproState,
  type OptimizationRequest,
  planGepa,
  planMipro,
  type RunStore,
  recordTrials,
  runMiproJob,
  type StepMachine,
  TrialSpans,
} from "@judgeloop/core";
import { CheckpointStore } from "../runtime/checkpoints.ts";
import { LocalWorkflowDriver } from "../runtime/local-workflow-driver.ts";
import { WorkerPool } from "../runtime/worker-pool.ts";
import { openSqlite } from "../sqlite/open-sqlite.ts";
import { SqliteJobQueue } from "../sqlite/sqlite-job-queue.ts";
import { processTracer } from "../tracing/process-tracing.ts";
import { gepaStepMachine } from "./gepa-machine.ts";
import { miproStepMachine } from "./mipro-machine.ts";

type OptimizerState = MiproState | GepaState;

export interface OptimizeServiceOptions {
  runId: string;
  home: string;
  runs: RunStore;
  artifacts: ArtifactStore;
  /** Jobs in flight at once. */
  concurrency: number;
  /** Test support: awaited before each step at `<stage>:trial:<n>`. */
  checkpoint?: (point: string) => Promise<void>;
}

/** Where optimizer checkpoints live in the artifact store. */
export const workflowPrefix = "workflows";

/**
 * Runs one pipeline optimization through the LocalWorkflowDriver: the MIPRO (or GEPA) step machine,
 * checkpointed after every step under `workflows/<runId>.<stage>/`, its jobs run by in-process
 * workers from a queue of the execution's own (a SQLite file, so a queue left by a killed
 * process can never hand one optimization's jobs to another). A second call for the same
 * stage resumes the execution from its last checkpoint; jobs whose results are stored are not
 * run again.
 *
 * @example
 * const final = await optimizeWithDriver(request, { runId, home, runs, artifacts, concurrency: 8 });
 */
export async function optimizeWithDriver(
  request: OptimizationRequest,
  options: OptimizeServiceOptions,
): Promise<OptimizerState> {
  const executionId = `${options.runId}.${request.stage}`;
  const queuePath = join(options.home, "queues", `${executionId}.db`);
  const db = openSqlite(queuePath);
  const queue = new SqliteJobQueue(db);
  const context: MiproJobContext = {
    program: request.program,
    metric: request.metric,
    proposerLM: request.proposerLM,
    lm: request.lm,
    ...(request.signal && { signal: request.signal }),
  };
  // Each MIPRO trial is a span under the stage's; its evaluate jobs' LM calls are its children.
  const trialSpans = new TrialSpans(processTracer(), "mipro");
  const pool = new WorkerPool({
    queue,
    results: options.runs,
    execute: (job) => {
      const payload = job.payload as MiproJob;
      return trialSpans.run(payload, () => runMiproJob(payload, context));
    },
    concurrency: options.concurrency,
  });
  const machineArgs = {
    stage: request.stage,
    progress: request.progress,
    ...(options.checkpoint && { checkpoint: options.checkpoint }),
    cap: request.options.budget,
  };
  const machine = miproStepMachine(machineArgs);
  const gepa = gepaStepMachine(machineArgs);
  // The pipeline run lists its optimizations' trials under the stage's name (GET /v1/runs/{id}/trials).
  const trials = { runId: options.runId, stage: request.stage };
  const step: StepMachine<OptimizerState> = async (state, outcomes) => {
    if (state.format === gepaStateFormat) return gepa.step(state, outcomes);
    const next = await machine.step(state, outcomes);
    await recordTrials(options.runs, trials, next.state, state);
    trialSpans.observe(next.state as MiproState);
    return next;
  };
  const driver = new LocalWorkflowDriver<OptimizerState>({
    step,
    artifacts: options.artifacts,
    results: options.runs,
    queue,
    pool,
    prefix: workflowPrefix,
    pollMs: 200,
  });
  const unsubscribe = pool.onSettled(request.kind === "gepa" ? gepa.onSettled : machine.onSettled);
  let succeeded = false;
  try {
    const status = await driver.status(executionId);
    if (status === null) {
      await loadTokenizer();
      await driver.start(executionId, initialState(request, executionId));
    } else if (status.status === "running") await driver.resume(executionId);
    const final = await driver.wait(executionId);
    if (final.status !== "succeeded") {
      throw new JudgeloopError(
        final.error?.code ?? "optimization_failed",
        `the ${request.stage} optimization ${final.status}${final.error ? `: ${final.error.message}` : ""}`,
      );
    }
    const state = await finalState(options.artifacts, executionId);
    succeeded = true;
    return state;
  } finally {
    trialSpans.endAll();
    unsubscribe();
    await pool.stop();
    db.close();
    if (succeeded) await removeQueueFiles(queuePath);
  }
}

function initialState(request: OptimizationRequest, executionId: string): OptimizerState {
  if (request.kind === "gepa") {
    return planGepa({
      program: request.program.toState(),
      trainset: datasetToData(request.trainset),
      options: { ...request.gepa, runId: executionId },
    });
  }
  return planMipro({
    program: request.program.toState(),
    trainset: datasetToData(request.trainset),
    options: { ...request.options, runId: executionId },
  });
}

async function finalState(artifacts: ArtifactStore, executionId: string): Promise<OptimizerState> {
  const checkpoint = await new CheckpointStore<OptimizerState>(artifacts, workflowPrefix).load(executionId);
  if (!checkpoint) throw new JudgeloopError("unknown_execution", `no checkpoint of ${executionId}`);
  return checkpoint.state;
}

/** A finished execution's queue is empty: its SQLite files go. */
async function removeQueueFiles(path: string): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) await rm(`${path}${suffix}`, { force: true });
}
