import { readFile } from "node:fs/promises";
import { DynamoRunAdmission } from "@judgeloop/aws";
import { readStageJobCounts, saveDatasetVersion } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as worker } from "../../functions/worker.ts";
import { call, httpEvent } from "./support/api-calls.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { importedDataset } from "./support/emulated-pipeline.ts";
import { runLocalPipelineExecution } from "./support/local-pipeline-execution.ts";
import { startWorkerLoop } from "./support/worker-loop.ts";

// 50 runs contending for one small worker pool, as ~50 teams' runs share the ~100 worker slots of
// a deployment: here 4 jobs in flight stand in for those slots, far fewer than the runs' jobs.
const admittedRuns = 50;
const submittedRuns = 55;
const workerSlots = 4;
const judgeSet = 6;

// Round sizing as the stacks would set it for this pool: 4 slots, and a per-job time near what this
// machine measures on the emulators (a few jobs a second). The floor is short (5 s): a fixed 5 s
// wait would time out every round queued behind the others' hundreds of jobs.
const sizing = {
  JUDGELOOP_DISPATCH_TIMEOUT_SECONDS: "5",
  JUDGELOOP_DISPATCH_MAX_SECONDS: "3600",
  JUDGELOOP_SECONDS_PER_JOB: "0.5",
  JUDGELOOP_WORKER_CONCURRENCY: String(workerSlots),
  JUDGELOOP_MAX_ACTIVE_RUNS: String(admittedRuns),
};

const conversations = new URL("../../examples/airline-support/conversations.jsonl", import.meta.url);

let stack: AwsStack;
let datasetId: string;
/** The sized wait of every Dispatch of every run. */
const waits: number[] = [];

beforeAll(async () => {
  stack = await startAwsStack();
  // Read when the API function builds its app (its first call, below) and at each round.
  Object.assign(process.env, sizing);
  const rows = (await readFile(conversations, "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .slice(0, 40);
  const dataset = importedDataset(rows, "contention");
  await saveDatasetVersion(stack.artifacts, dataset);
  datasetId = dataset.id;
});

afterAll(async () => {
  for (const name of Object.keys(sizing)) delete process.env[name];
  await stack?.stop();
});

/** POST /v1/runs of a tiny pipeline (a judge set of 6), under its own idempotency key. */
function startRun(index: number) {
  const config = {
    name: `contention-${index}`,
    data: { dataset: datasetId },
    prepare: { seed: index, sample: { size: 20 }, splits: { judgeSet, judgeValidation: 4, devHoldout: 4 } },
    stability: { repeats: 2, examples: 1 },
    optimizer: { judge: { numTrials: 1 }, generator: { numTrials: 1 } },
  };
  const body = { config, budget: { capUsd: 20 } };
  return call(httpEvent("POST", "/v1/runs", { body, headers: { "Idempotency-Key": `contention-${index}` } }));
}

/**
 * Runs one admitted run's pipeline machine until its generate stage has succeeded (every
 * per-example call of it is a job on the shared queue), then stops the execution; how it ended,
 * the stage rounds it swept and the steps it ran.
 */
async function runThroughGenerate(runId: string): Promise<{ ended: string; sweeps: number; trail: string[] }> {
  const execution = runLocalPipelineExecution(
    { runId },
    {
      sfn: stack.sfn,
      queueUrl: stack.queueUrl,
      stepTimeoutSeconds: 3600,
      onDispatch: (cursor) => waits.push(cursor.dispatchWaitSeconds ?? 0),
      afterStep: async () => {
        if ((await stack.runStore.getRun(runId))?.stages.generate?.status === "succeeded") execution.abort();
      },
    },
  );
  const ended = await execution.result.then(
    () => "succeeded",
    (error: unknown) => (error as Error).name,
  );
  return { ended, sweeps: execution.trail.filter((step) => step === "sweep").length, trail: execution.trail };
}

describe("50 runs contending for one small worker pool (emulated AWS)", () => {
  it("admits exactly the cap of concurrent starts, and every admitted run's rounds complete with exact counts, none stuck", async () => {
    // Act: 55 starts at once through the API function; the admitted 50 run at once on 4 worker slots
    const answers = await Promise.all(Array.from({ length: submittedRuns }, (_, i) => startRun(i)));
    const admitted = answers.filter((answer) => answer.status === 201).map((answer) => String(answer.body.id));
    const loop = startWorkerLoop({
      sqs: stack.clients.sqs,
      queueUrl: stack.queueUrl,
      handler: worker,
      batchSize: workerSlots,
    });
    const started = performance.now();
    const runs = await Promise.all(admitted.map((runId) => runThroughGenerate(runId))).finally(() => loop.stop());
    const seconds = (performance.now() - started) / 1000;
    const records = await Promise.all(admitted.map((runId) => stack.runStore.getRun(runId)));
    const counts = await Promise.all(admitted.map((runId) => readStageJobCounts(stack.runStore, runId)));
    const active = await new DynamoRunAdmission(stack.clients.dynamodb, {
      tableName: stack.tableName,
      runStore: stack.runStore,
    }).activeRuns();

    // Assess: the cap held, the runs beyond it were refused as docs/api.md says
    const statuses = answers.map((answer) => answer.status);
    const otherwise = answers.filter((answer) => answer.status !== 201 && answer.status !== 429);
    expect(otherwise.map((answer) => `${answer.status} ${answer.text}`.slice(0, 300))).toEqual([]);
    expect(statuses.filter((status) => status === 201)).toHaveLength(admittedRuns);
    expect(statuses.filter((status) => status === 429)).toHaveLength(submittedRuns - admittedRuns);
    expect(answers.find((answer) => answer.status === 429)?.body).toMatchObject({
      error: { code: "too_many_active_runs" },
    });
    expect(active).toEqual([...admitted].sort());
    // Every run got through its prepare and generate stages, each example one job and one call, counted once
    expect(runs.map((run) => run.ended)).toEqual(Array(admittedRuns).fill("ExecutionAbortedError"));
    for (const [i, record] of records.entries()) {
      expect(record?.errors, admitted[i]).toEqual([]);
      expect(record?.stages.generate?.status, admitted[i]).toBe("succeeded");
    }
    for (const [i, count] of counts.entries()) {
      // Runs share one dataset, so a reply another run already made may be a cache hit: a call either way.
      expect(count.generate?.jobs, admitted[i]).toBe(judgeSet);
      expect((count.generate?.calls ?? 0) + (count.generate?.cached ?? 0), admitted[i]).toBe(judgeSet);
    }
    // Rounds queued behind the others' jobs were given waits above the 5 s floor, sized by that backlog.
    expect(waits.length).toBeGreaterThanOrEqual(admittedRuns);
    expect(Math.max(...waits)).toBeGreaterThan(Number(sizing.JUDGELOOP_DISPATCH_TIMEOUT_SECONDS));
    const sweeps = runs.reduce((sum, run) => sum + run.sweeps, 0);
    console.info(
      `contention (simulated, emulated): ${admittedRuns} runs × ${judgeSet} jobs on ${workerSlots} worker slots in ${seconds.toFixed(1)} s, ${loop.invocations} worker batches, ${sweeps} sweeps, Dispatch waits ${Math.min(...waits)}–${Math.max(...waits)} s`,
    );
  }, 420_000);
});
