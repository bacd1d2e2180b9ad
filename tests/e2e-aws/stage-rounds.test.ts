import { readFile } from "node:fs/promises";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import {
  getJson,
  readMeter,
  readStageJobCounts,
  type StageJob,
  saveDatasetVersion,
  stagePassKeys,
  stageRoundStep,
} from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queuedJobsOf } from "../../functions/optimizer/rounds.ts";
import { handler as worker } from "../../functions/worker.ts";
import { call, httpEvent } from "./support/api-calls.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { importedDataset, runEmulatedPipeline } from "./support/emulated-pipeline.ts";
import { runLocalPipelineExecution } from "./support/local-pipeline-execution.ts";
import { startWorkerLoop } from "./support/worker-loop.ts";

const conversations = new URL("../../examples/airline-support/conversations.jsonl", import.meta.url);

let stack: AwsStack;
let rows: Record<string, unknown>[];

beforeAll(async () => {
  stack = await startAwsStack();
  rows = (await readFile(conversations, "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .slice(0, 160);
});

afterAll(async () => {
  await stack?.stop();
});

/** A pipeline whose judge set is 30 conversations; the run is ended after `label`. */
const config = {
  name: "stage-rounds",
  prepare: { seed: 3, sample: { size: 60 }, splits: { judgeSet: 30, judgeValidation: 10, devHoldout: 10 } },
  stability: { repeats: 2, examples: 3 },
};

describe("stage rounds on the pipeline state machine", () => {
  it("runs every call of a stage on the workers and counts a redelivered job once", async () => {
    // Act
    const run = await runEmulatedPipeline({
      stack,
      config,
      dataset: importedDataset(rows, "stage-rounds"),
      idempotencyKey: "stage-rounds-redelivery",
      capUsd: 5,
      stopAfter: "label",
    });
    const before = {
      counts: await readStageJobCounts(stack.runStore, run.runId),
      meter: await readMeter(stack.runStore, run.runId),
    };
    const jobs = (await getJson(stack.artifacts, stagePassKeys(run.runId, "generate", 1).jobs)) as StageJob[];
    const results = await stack.runStore.getResults(run.runId, [jobs[0]?.id ?? ""]);
    // The same job delivered again, as SQS may: the worker finds its result and runs nothing.
    const round = { step: stageRoundStep("generate", 1), total: jobs.length };
    await stack.queue.enqueueBatch(queuedJobsOf(run.runId, round, jobs.slice(0, 3)));
    const loop = startWorkerLoop({ sqs: stack.clients.sqs, queueUrl: stack.queueUrl, handler: worker });
    await waitUntilQueueEmpty();
    await loop.stop();
    const after = {
      counts: await readStageJobCounts(stack.runStore, run.runId),
      meter: await readMeter(stack.runStore, run.runId),
    };

    // Assess
    expect(run.record.stages.label?.status).toBe("succeeded");
    expect(run.trail.slice(0, 4)).toEqual(["run-stages", "dispatch", "run-stages", "dispatch"]);
    // The pass that collected the labels planned judge-eval's first round; the run ended there.
    expect(run.rounds).toEqual({ generate: 1, label: 1, "judge-eval": 1 });
    expect(before.counts.generate).toEqual({ jobs: 30, calls: 30, cached: 0 });
    expect(before.counts.label).toEqual({ jobs: 30, calls: 30, cached: 0 });
    // RunStages' LMs refuse calls, so every call the run made is one its stages' jobs made on a worker.
    expect(before.meter.calls).toBe(60);
    expect(run.record.errors).toEqual([]);
    expect(after).toEqual(before);
    expect(await stack.runStore.getResults(run.runId, [jobs[0]?.id ?? ""])).toEqual(results);
  }, 180_000);

  it("re-drives a stage round whose task token was lost through the Dispatch timeout and the sweep", async () => {
    // Prepare
    const dataset = importedDataset(rows.slice(0, 140), "stage-rounds-sweep");
    const { runId } = await startRun(dataset);
    const loop = startWorkerLoop({ sqs: stack.clients.sqs, queueUrl: stack.queueUrl, handler: worker });
    const generateStep = stageRoundStep("generate", 1);

    // Act: the first Dispatch of the generate round never hears its token
    const execution = runLocalPipelineExecution(
      { runId },
      {
        sfn: stack.sfn,
        queueUrl: stack.queueUrl,
        dispatchTimeoutSeconds: 3,
        loseToken: (round) => round.step === generateStep && round.attempt === 0,
        afterStep: async () => {
          if ((await stack.runStore.getRun(runId))?.stages.label?.status === "succeeded") execution.abort();
        },
      },
    );
    const ended = await execution.result.then(
      () => "succeeded",
      (error: unknown) => (error as Error).name,
    );
    await loop.stop();

    // Assess
    expect(ended).toBe("ExecutionAbortedError");
    expect(execution.trail.slice(0, 5)).toEqual(["run-stages", "dispatch", "sweep", "dispatch", "run-stages"]);
    const counts = await readStageJobCounts(stack.runStore, runId);
    expect(counts.generate?.jobs).toBe(30);
    expect((counts.generate?.calls ?? 0) + (counts.generate?.cached ?? 0)).toBe(30);
    expect((await stack.runStore.getRun(runId))?.stages.generate?.status).toBe("succeeded");
  }, 180_000);
});

async function startRun(dataset: ReturnType<typeof importedDataset>) {
  await saveDatasetVersion(stack.artifacts, dataset);
  const body = { config: { ...config, data: { dataset: dataset.id } }, budget: { capUsd: 5 } };
  const started = await call(
    httpEvent("POST", "/v1/runs", { body, headers: { "Idempotency-Key": "stage-rounds-sweep" } }),
  );
  return { runId: String(started.body.id) };
}

async function waitUntilQueueEmpty(): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    const { Attributes } = await stack.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    const waiting =
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    if (waiting === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the job queue did not drain");
}
