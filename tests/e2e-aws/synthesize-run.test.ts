import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DatasetVersion,
  loadDatasetVersion,
  parseSeedQuestions,
  type RunSummaryData,
  readStageJobCounts,
} from "@judgeloop/core";
import { FileArtifactStore } from "@judgeloop/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as worker } from "../../functions/worker.ts";
import { call, httpEvent } from "./support/api-calls.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { importedDataset, runEmulatedPipeline, runLocalTwin, summaryNumbers } from "./support/emulated-pipeline.ts";
import { runLocalPipelineExecution } from "./support/local-pipeline-execution.ts";
import { startWorkerLoop } from "./support/worker-loop.ts";

const seedsFile = new URL("../../examples/airline-support/seeds.csv", import.meta.url);

let stack: AwsStack;
let home: string;
let seeds: DatasetVersion;

beforeAll(async () => {
  stack = await startAwsStack();
  home = await mkdtemp(join(tmpdir(), "judgeloop-aws-synthesize-"));
  // The bundled seed questions, as an upload of kind `seeds` stores them.
  const text = await readFile(seedsFile, "utf8");
  const questions = parseSeedQuestions({ format: "csv", file: "seeds.csv", text });
  seeds = importedDataset(
    questions.map((seed) => ({ ...seed })),
    "airline-seeds",
    "seeds",
  );
});

afterAll(async () => {
  await stack?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

/**
 * A small pipeline on 60 conversations synthesized by a weak simulated writer, which breaks a
 * turn rule now and then, so some conversations take a second attempt.
 */
const config = {
  name: "aws-synthesize",
  data: { synthesize: { n: 60, model: "sim/weak", seed: 4, turns: { min: 2, max: 6 } } },
  prepare: { seed: 3, splits: { judgeSet: 24, judgeValidation: 10, devHoldout: 10 } },
  optimizer: { judge: { numTrials: 2 }, generator: { numTrials: 2 } },
  stability: { repeats: 2, examples: 3 },
  gate: { kappaLowerThreshold: -1 },
};

function synthesizedOf(summary: unknown): RunSummaryData["overview"]["datasets"][number] {
  const datasets = (summary as RunSummaryData).overview.datasets;
  const synthesized = datasets.find((dataset) => dataset.name === "synthesized");
  if (!synthesized) throw new Error("the summary lists no synthesized dataset");
  return synthesized;
}

describe("data.synthesize on the AWS state machines", () => {
  it("writes the conversations as stage jobs on the SQS workers, to the same dataset and summary as the local engine", async () => {
    // Act
    const aws = await runEmulatedPipeline({
      stack,
      config,
      dataset: seeds,
      idempotencyKey: "aws-synthesize",
      capUsd: 20,
    });
    const local = await runLocalTwin(home, config, seeds, 20);

    // Assess
    expect(aws.record.status, JSON.stringify(aws.record.errors)).toBe("succeeded");
    const synthesized = synthesizedOf(aws.summary);
    expect(synthesized).toMatchObject({ size: 60, lineage: { transform: "synthesize" } });
    expect(synthesized.lineage.params).toMatchObject({ model: "sim/weak", seeds: { file: `dataset:${seeds.id}` } });
    // The same conversations, in the same order, under the same content hash.
    expect(synthesizedOf(local.summary).id).toBe(synthesized.id);
    const awsVersion = await loadDatasetVersion(stack.artifacts, synthesized.id);
    const localVersion = await loadDatasetVersion(new FileArtifactStore(home), synthesized.id);
    expect(awsVersion.rows).toHaveLength(60);
    expect(awsVersion.rows).toEqual(localVersion.rows);
    expect(summaryNumbers(aws.summary)).toEqual(summaryNumbers(local.summary));
    // One job per conversation and attempt, each job one call (from a model or the cache),
    // counted by the workers on the queue; a refused attempt not on its last try was asked again.
    const counts = awsVersion.lineage.counts;
    const refused = Object.entries(counts)
      .filter(([key]) => key.startsWith("rejected_"))
      .reduce((sum, [, count]) => sum + count, 0);
    expect(refused).toBeGreaterThan(0);
    const prepare = aws.jobs.prepare;
    expect(prepare?.jobs).toBe(60 + refused - (counts.failed ?? 0));
    expect((prepare?.calls ?? 0) + (prepare?.cached ?? 0)).toBe(prepare?.jobs);
    expect(prepare).toEqual(local.jobs.prepare);
    // Each attempt is one round dispatched to the queue; the first is the whole set.
    expect(aws.rounds.prepare).toBeGreaterThanOrEqual(2);
    expect(aws.trail.slice(0, 2)).toEqual(["run-stages", "dispatch"]);
  }, 300_000);

  it("runs POST /v1/synthesize on the workers: a run that ends after prepare, naming the synthesized dataset", async () => {
    // Prepare
    const csv = await readFile(seedsFile, "utf8");
    const body = { name: "airline-seeds", seeds: { csv }, n: 20, model: "sim/strong", seed: 9, budget: { capUsd: 1 } };

    // Act
    const started = await call(
      httpEvent("POST", "/v1/synthesize", { body, headers: { "Idempotency-Key": "aws-synthesize-route" } }),
    );
    const runId = String((started.body.run as { id: string } | undefined)?.id);
    const loop = startWorkerLoop({ sqs: stack.clients.sqs, queueUrl: stack.queueUrl, handler: worker });
    const execution = runLocalPipelineExecution(
      { runId },
      { sfn: stack.sfn, queueUrl: stack.queueUrl, dispatchTimeoutSeconds: 60 },
    );
    await execution.result.finally(() => loop.stop());
    const run = await call(httpEvent("GET", `/v1/runs/${runId}`));

    // Assess
    expect(started.status, started.text).toBe(201);
    expect(run.body).toMatchObject({
      status: "succeeded",
      result: { endedAfter: "prepare", synthesized: { size: 20, lineage: { transform: "synthesize" } } },
    });
    expect((run.body.stages as Record<string, { status: string }>).generate?.status).toBe("skipped");
    // The synthesis calls went through the queue: one round per attempt, each job one call.
    expect(execution.trail.slice(0, 2)).toEqual(["run-stages", "dispatch"]);
    expect(execution.trail.at(-1)).toBe("run-stages");
    const { prepare } = await readStageJobCounts(stack.runStore, runId, ["prepare"]);
    expect(prepare?.jobs).toBeGreaterThanOrEqual(20);
    expect((prepare?.calls ?? 0) + (prepare?.cached ?? 0)).toBe(prepare?.jobs);
  }, 120_000);
});
