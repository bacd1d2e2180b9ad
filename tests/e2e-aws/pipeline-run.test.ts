import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { runIdForKey } from "@judgeloop/api";
import {
  createDatasetVersion,
  estimateStoredDataRun,
  fannedOutStages,
  getJson,
  type RunRecord,
  readMeter,
  readStageJobCounts,
  saveDatasetVersion,
  storedDataRunInput,
} from "@judgeloop/core";
import { FileArtifactStore, LocalRunService, openLocalRuntime, runDirectory } from "@judgeloop/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as worker } from "../../functions/worker.ts";
import { call, httpEvent } from "./support/api-calls.ts";
import { type AwsStack, pipelineStateMachineArn, startAwsStack, stateMachineArn } from "./support/aws-stack.ts";
import { summaryNumbers } from "./support/emulated-pipeline.ts";
import { runLocalPipelineExecution } from "./support/local-pipeline-execution.ts";
import { startWorkerLoop, type WorkerLoop } from "./support/worker-loop.ts";

const conversations = new URL("../../examples/airline-support/conversations.jsonl", import.meta.url);

let stack: AwsStack;
let loop: WorkerLoop;
let home: string;
let rows: Record<string, unknown>[];

beforeAll(async () => {
  stack = await startAwsStack();
  loop = startWorkerLoop({ sqs: stack.clients.sqs, queueUrl: stack.queueUrl, handler: worker });
  home = await mkdtemp(join(tmpdir(), "judgeloop-aws-pipeline-"));
  rows = (await readFile(conversations, "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    // fauxqs refuses characters outside the Basic Multilingual Plane that real SQS accepts.
    .filter((row) => !/[\u{10000}-\u{10FFFF}]/u.test(JSON.stringify(row)))
    .slice(0, 300);
});

afterAll(async () => {
  await loop?.stop();
  await stack?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

/** A small pipeline: 80 conversations, two trials per optimizer, a gate any judge passes. */
function smallConfig(dataset: string) {
  return {
    name: "aws-e2e",
    data: { dataset },
    prepare: { seed: 3, sample: { size: 80 }, splits: { judgeSet: 40, judgeValidation: 16, devHoldout: 16 } },
    optimizer: { judge: { numTrials: 2 }, generator: { numTrials: 2 } },
    stability: { repeats: 2, examples: 5 },
    gate: { kappaLowerThreshold: -1 },
  };
}

/** Uploads `data`, then POSTs a run of it; the pipeline execution the API started is on the wire server. */
async function startOverHttp(
  data: Record<string, unknown>[],
  idempotencyKey: string,
  capUsd = 20,
  extra: { fitBudget?: boolean; config?: Record<string, unknown> } = {},
) {
  const upload = await call(httpEvent("POST", "/v1/datasets", { body: { name: "airline-support", rows: data } }));
  const dataset = String(upload.body.id);
  const budget = { capUsd, ...(extra.fitBudget !== undefined && { fitBudget: extra.fitBudget }) };
  const request = { config: { ...smallConfig(dataset), ...extra.config }, budget };
  const started = await call(
    httpEvent("POST", "/v1/runs", { body: request, headers: { "Idempotency-Key": idempotencyKey } }),
  );
  const runId = String(started.body.id);
  const executionArn = `${pipelineStateMachineArn.replace(":stateMachine:", ":execution:")}:${runId}`;
  return { upload, dataset, started, runId, executionArn, execution: stack.sfn.execution(executionArn) };
}

async function runOf(runId: string): Promise<RunRecord> {
  const run = await stack.runStore.getRun(runId);
  if (!run) throw new Error(`no run ${runId}`);
  return run;
}

/** The trail of `n` stage rounds: a RunStages pass that plans one, then its Dispatch. */
function rounds(n: number): string[] {
  return Array.from({ length: n }, () => ["run-stages", "dispatch"]).flat();
}

describe("a pipeline run on the AWS state machines", () => {
  it("runs a pipeline started over HTTP through both state machines to the same results as the local engine", async () => {
    // Act
    const {
      upload,
      dataset,
      started,
      runId,
      execution: startedExecution,
    } = await startOverHttp(rows, "aws-e2e-pipeline");
    const whileOptimizing: unknown[] = [];
    const execution = runLocalPipelineExecution(JSON.parse(startedExecution?.input ?? "{}") as { runId: string }, {
      sfn: stack.sfn,
      queueUrl: stack.queueUrl,
      dispatchTimeoutSeconds: 60,
      afterOptimize: async () => {
        whileOptimizing.push((await call(httpEvent("GET", `/v1/runs/${runId}`))).body.stages);
      },
    });
    await execution.result;
    const fetched = await call(httpEvent("GET", `/v1/runs/${runId}`));
    const report = await call(httpEvent("GET", `/v1/runs/${runId}/report`));
    const trials = await call(httpEvent("GET", `/v1/runs/${runId}/trials`));
    const local = new LocalRunService({ home, env: { keys: {} } });
    await saveDatasetVersion(new FileArtifactStore(home), createDatasetVersion(rows, upload.body.lineage as never));
    await local.start({ runId: "run-local-twin", config: smallConfig(dataset), budget: { capUsd: 20 } });
    await local.idle();

    // Assess
    expect(upload.status).toBe(201);
    expect(started.status).toBe(201);
    expect(startedExecution?.status).toBe("RUNNING");
    const judgeRun = `${runId}-judge-optimize`;
    const generatorRun = `${runId}-generator-optimize`;
    // Each stage pass is a round on the job queue: generate, label, three judge passes (one plus
    // two stability repeats), the optimized judge's pass, and compare's eleven (two programs, two
    // splits, replies then verdicts; then the gold model's labels of both programs' holdout replies,
    // and the one job that groups gold's critiques into failure modes).
    expect(execution.trail).toEqual([
      ...rounds(5),
      "run-stages",
      `optimize:${judgeRun}`,
      ...rounds(1),
      "run-stages",
      `optimize:${generatorRun}`,
      ...rounds(11),
      "run-stages",
    ]);
    expect(fetched.body).toMatchObject({ id: runId, kind: "pipeline", status: "succeeded" });
    // While an optimization runs, the pipeline's stage shows the optimize run and its trial progress.
    expect(whileOptimizing[0]).toMatchObject({
      "judge-optimize": {
        status: "running",
        message: `the judge-optimize optimization runs as run ${judgeRun}`,
        progress: { done: 2, total: 2, unit: "trials" },
      },
    });
    const stages = fetched.body.stages as Record<string, { status: string }>;
    expect(Object.values(stages).map((stage) => stage.status)).toEqual(Array(9).fill("succeeded"));
    expect(report.status).toBe(200);
    expect(report.text).toContain("Simulated results");
    for (const optimization of [judgeRun, generatorRun]) {
      const child = await runOf(optimization);
      expect(child.status, optimization).toBe("succeeded");
      expect(child.input).toMatchObject({ account: runId, parent: { runId } });
      expect(execution.optimizerTrails.get(optimization)?.at(-1)).toBe("finalize");
    }
    // Every call, in the stages' Lambdas and in the workers, counts against the pipeline's one cap.
    const children = await Promise.all([judgeRun, generatorRun].map(runOf));
    const childCalls = children.reduce((sum, child) => sum + Number((child.result as { calls: number }).calls), 0);
    const spend = fetched.body.spend as { calls: number; spentUsd: number; capUsd: number };
    expect(spend.capUsd).toBe(20);
    // Every call of the stages was made by a worker running one of their jobs, counted on its stage.
    const localRuntime = openLocalRuntime(home);
    const awsCounts = await readStageJobCounts(stack.runStore, runId);
    const localCounts = await readStageJobCounts(localRuntime.stores.runs, "run-local-twin");
    const stageCounts = fannedOutStages.map((stage) => ({ stage, aws: awsCounts[stage], local: localCounts[stage] }));
    for (const { stage, aws, local } of stageCounts) {
      expect(aws?.jobs, stage).toBeGreaterThan(0);
      // One call per job: an answer from a model, or from the cache.
      expect((aws?.calls ?? 0) + (aws?.cached ?? 0), stage).toBe(aws?.jobs);
      expect(aws, stage).toEqual(local);
    }
    const stageCalls = stageCounts.reduce((sum, { aws }) => sum + (aws?.calls ?? 0), 0);
    expect(spend.calls).toBeGreaterThan(childCalls);
    expect(stageCalls).toBeLessThan(spend.calls);
    // The same calls reach a model as on the local engine, where the stages' jobs run in-process.
    expect(spend.calls).toBe((await readMeter(localRuntime.stores.runs, "run-local-twin")).calls);
    expect(spend.spentUsd).toBeGreaterThan(0);
    expect(spend.spentUsd).toBeLessThanOrEqual(20);
    const awsSummary = await getJson(stack.artifacts, `runs/${runId}/summary.json`);
    const localSummary = JSON.parse(await readFile(join(runDirectory(home, "run-local-twin"), "summary.json"), "utf8"));
    expect(summaryNumbers(awsSummary)).toEqual(summaryNumbers(localSummary));
    // The failure modes were named on AWS too, by a worker running the grouping job, not left "not run".
    const awsModes = (awsSummary as { generator?: { failureModes?: { notRun?: string; modes: unknown[] } } }).generator
      ?.failureModes;
    expect(awsModes?.notRun).toBeUndefined();
    expect(awsModes?.modes.length).toBeGreaterThan(0);
    // The optimizations' trials are listed on the pipeline run, under each stage, as locally.
    const localTrials = await localRuntime.stores.runs.listTrials("run-local-twin").finally(() => localRuntime.close());
    const listed = trials.body.trials as { stage: string }[];
    expect(new Set(listed.map((trial) => trial.stage))).toEqual(
      new Set(["judge-optimize", "judge-optimize-full", "generator-optimize", "generator-optimize-full"]),
    );
    expect(listed).toEqual(JSON.parse(JSON.stringify(localTrials)));
  }, 240_000);

  it("fails the pipeline run at its optimization stage, with the optimization's own error, when that fails", async () => {
    // Prepare: the judge optimization loses its program before its execution starts
    const { runId } = await startOverHttp(rows.slice(0, 200), "aws-e2e-broken-optimization");
    const lose = async (optimization: string) => {
      await stack.clients.s3.send(
        new DeleteObjectCommand({ Bucket: stack.bucket, Key: `runs/${optimization}/input/program.json` }),
      );
    };

    // Act
    const execution = runLocalPipelineExecution(
      { runId },
      { sfn: stack.sfn, queueUrl: stack.queueUrl, dispatchTimeoutSeconds: 60, beforeOptimize: lose },
    );
    const failure = await execution.result.then(
      () => null,
      (error: unknown) => error as Error,
    );

    // Assess
    const run = await runOf(runId);
    const optimization = await runOf(`${runId}-judge-optimize`);
    // aws-local-stepfunctions wraps the Fail state's error as the ExecutionError's cause.
    expect((failure?.cause as Error | undefined)?.name).toBe("judgeloop.RunFailed");
    expect(execution.trail).toEqual([...rounds(5), "run-stages", `optimize:${runId}-judge-optimize`, "record-failure"]);
    expect(optimization.status).toBe("failed");
    expect(run.status).toBe("failed");
    expect(run.stages["judge-eval"]?.status).toBe("succeeded");
    expect(run.stages["judge-optimize"]?.status).toBe("failed");
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatchObject({ code: "judgeloop.missing_artifact", stage: "judge-optimize" });
    expect(run.errors[0]?.message).toMatch(
      new RegExp(`^optimization run ${runId}-judge-optimize failed: no program at`),
    );
  }, 120_000);

  it("cancels a run over HTTP: its execution is stopped and a pass that comes after runs no stage", async () => {
    // Prepare
    const { runId, executionArn } = await startOverHttp(rows.slice(0, 150), "aws-e2e-cancelled");

    // Act
    const cancelled = await call(httpEvent("POST", `/v1/runs/${runId}/cancel`));
    const execution = runLocalPipelineExecution(
      { runId },
      { sfn: stack.sfn, queueUrl: stack.queueUrl, dispatchTimeoutSeconds: 5 },
    );
    await execution.result;

    // Assess
    expect(cancelled.status).toBe(202);
    expect(cancelled.body).toMatchObject({ id: runId, status: "cancelled" });
    const stops = stack.sfn.requests.filter((request) => request.operation === "StopExecution");
    expect(stops.map((request) => request.body.executionArn)).toContain(executionArn);
    expect(execution.trail).toEqual(["run-stages"]);
    expect((await runOf(runId)).stages).toEqual({});
  });

  it("cancels a run as its judge optimization starts: the execution is stopped and both runs end cancelled", async () => {
    // Prepare
    const { runId, executionArn } = await startOverHttp(rows.slice(0, 180), "aws-e2e-cancelled-optimizing");
    const optimization = `${runId}-judge-optimize`;
    let cancelled: Awaited<ReturnType<typeof call>> | undefined;

    // Act: the caller cancels as the optimization is about to start; Step Functions stops the execution
    const execution = runLocalPipelineExecution(
      { runId },
      {
        sfn: stack.sfn,
        queueUrl: stack.queueUrl,
        dispatchTimeoutSeconds: 5,
        beforeOptimize: async () => {
          cancelled = await call(httpEvent("POST", `/v1/runs/${runId}/cancel`));
          execution.abort();
        },
      },
    );
    const ended = await execution.result.then(
      () => "succeeded",
      (error: unknown) => (error as Error).name,
    );

    // Assess
    expect(cancelled?.status).toBe(202);
    expect(ended).toBe("ExecutionAbortedError");
    const asked = (operation: string) =>
      stack.sfn.requests
        .filter((request) => request.operation === operation)
        .map((request) => String(request.body.executionArn));
    expect(asked("StopExecution")).toContain(executionArn);
    // The optimization's execution had not started, so there was nothing to stop; it was looked up.
    expect(asked("DescribeExecution")).toContain(
      `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${optimization}`,
    );
    expect((await runOf(runId)).status).toBe("cancelled");
    expect((await runOf(optimization)).status).toBe("cancelled");
    expect((await runOf(runId)).errors).toEqual([]);
  });

  it("refuses a run whose estimate exceeds its cap with 400 naming the estimate per stage, storing nothing and starting no execution", async () => {
    // Act
    const { started, runId, execution } = await startOverHttp(rows.slice(0, 120), "aws-e2e-over-cap", 0.0001);

    // Assess
    expect(started.status).toBe(400);
    expect(started.body).toMatchObject({
      error: { code: "estimate_exceeds_cap", field: "budget.capUsd", capUsd: 0.0001 },
    });
    const { estimate } = started.body.error as { estimate: { costUsd: number; stages: { stage: string }[] } };
    expect(estimate.costUsd).toBeGreaterThan(0.0001);
    expect(estimate.stages.map((stage) => stage.stage)).toEqual([
      "generate",
      "label",
      "judge-eval",
      "judge-optimize",
      "generator-optimize",
      "compare",
    ]);
    expect(runId).toBe("undefined");
    expect(execution).toBeUndefined();
    expect(await stack.runStore.getRun(runIdForKey("aws-e2e-over-cap"))).toBeNull();
  });

  it("runs a run with budget.fitBudget scaled to fit its cap, to its end within the cap", async () => {
    // Prepare: the run's upper bound without a cap (an uploaded dataset, refused on its tiny cap)
    const config = { optimizer: { judge: { numTrials: 6 }, generator: { numTrials: 6 } } };
    const { dataset } = await startOverHttp(rows.slice(0, 150), "aws-e2e-fit-probe", 0.0001);
    const input = storedDataRunInput({ ...smallConfig(dataset), ...config }, undefined, { keys: {} });
    const unscaled = (await estimateStoredDataRun(input, stack.artifacts, dataset)).costUsd ?? Number.NaN;
    const capUsd = Number((unscaled * 0.9).toFixed(4));

    // Act
    const fit = { fitBudget: true, config };
    const { started, runId } = await startOverHttp(rows.slice(0, 150), "aws-e2e-fit", capUsd, fit);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const execution = runLocalPipelineExecution(
      { runId },
      { sfn: stack.sfn, queueUrl: stack.queueUrl, dispatchTimeoutSeconds: 60 },
    );
    await execution.result;

    // Assess
    expect(started.status).toBe(201);
    const run = await runOf(runId);
    expect(run.status, JSON.stringify({ spend: run.spend, errors: run.errors, result: run.result })).toBe("succeeded");
    expect(run.spend.spentUsd).toBeGreaterThan(0);
    expect(run.spend.spentUsd).toBeLessThanOrEqual(capUsd);
    const summary = (await getJson(stack.artifacts, `runs/${runId}/summary.json`)) as {
      overview: { budgetFit: { estimate: { from: number; to: number }; scaled: Record<string, unknown> } };
    };
    expect(summary.overview.budgetFit.estimate.from).toBeCloseTo(unscaled, 6);
    expect(summary.overview.budgetFit.estimate.to).toBeLessThanOrEqual(capUsd);
    expect(Object.keys(summary.overview.budgetFit.scaled).length).toBeGreaterThan(0);
  }, 240_000);
});
