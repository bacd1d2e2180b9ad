import { DynamoModelRegistry } from "@judgeloop/aws";
import { datasetToData, putJson, type RunRecord } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as nightly } from "../../functions/nightly.ts";
import type { OptimizeSpec } from "../../functions/optimizer/run-spec.ts";
import { S3ProgramRegistry } from "../../functions/programs/s3-program-registry.ts";
import { handler as worker } from "../../functions/worker.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { runLocalExecution } from "./support/local-execution.ts";
import { type ModelServer, startModelServer } from "./support/model-server.ts";
import { judgeExamples, judgeProgram, smallOptimizer } from "./support/optimization-fixture.ts";
import { startWorkerLoop } from "./support/worker-loop.ts";

const championModel = "openai/gpt-4o-mini-2024-07-18";
const newVersion = "openai/gpt-4o-mini-2025-04-01";
const known = ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "text-embedding-3-small"];

let stack: AwsStack;
let models: ModelServer;
let registry: DynamoModelRegistry;

beforeAll(async () => {
  stack = await startAwsStack();
  models = await startModelServer(new URL("./fixtures/openai-models-night.json", import.meta.url));
  process.env.OPENAI_API_KEY = "sk-test-not-a-real-key";
  process.env.OPENAI_BASE_URL = models.baseURL;
  process.env.JUDGELOOP_NIGHTLY_BUDGET_USD = "5";
  registry = new DynamoModelRegistry(stack.clients.dynamodb, { tableName: stack.tableName });
  await registry.registerModels(
    known.map((id) => ({ provider: "openai", id })),
    "2025-01-01T00:00:00.000Z",
  );
  await registry.watchProgram({ name: "support-judge", model: championModel, runBudgetUsd: 1 });
  await seedProgram();
});

afterAll(async () => {
  await models?.close();
  await stack?.stop();
});

/** The watched program: its champion (v1, on the old model) and its recipe, in the program registry. */
async function seedProgram(): Promise<void> {
  const keys = { trainsetKey: "data/support-judge/train.json", valsetKey: "data/support-judge/val.json" };
  const holdoutKey = "data/support-judge/holdout.json";
  await putJson(stack.artifacts, keys.trainsetKey, datasetToData(judgeExamples(0, 10)));
  await putJson(stack.artifacts, keys.valsetKey, datasetToData(judgeExamples(10, 6)));
  await putJson(stack.artifacts, holdoutKey, datasetToData(judgeExamples(16, 12)));
  const state = judgeProgram().toState();
  const champion = {
    ...state,
    predictors: Object.fromEntries(Object.entries(state.predictors).map(([n, p]) => [n, { ...p, lm: championModel }])),
  };
  const recipe = {
    ...keys,
    holdoutKey,
    metric: { kind: "exact" as const, field: "satisfied" },
    proposerModel: "sim/strong",
    optimizer: { ...smallOptimizer },
  };
  await new S3ProgramRegistry(stack.artifacts).create("support-judge", recipe, {
    state: champion,
    createdAt: "2025-01-01T00:00:00.000Z",
  });
}

function startExecutions() {
  return stack.sfn.requests.filter((request) => request.operation === "StartExecution");
}

describe("the nightly handler (functions/nightly.ts)", () => {
  it("starts exactly one re-optimization for the family with a new version, then records a promote/keep decision", async () => {
    // Act: the night a new gpt-4o-mini version appears
    const night = await nightly();

    // Assess
    expect(models.listings).toBe(1);
    expect(night.plan.added).toEqual([newVersion]);
    expect(night.started).toHaveLength(1);
    const [runId = ""] = night.started;
    expect(startExecutions().map((request) => JSON.parse(String(request.body.input)))).toEqual([{ runId }]);
    const run = (await stack.runStore.getRun(runId)) as RunRecord;
    const spec = run.input as OptimizeSpec;
    expect(spec.models.task).toBe(newVersion);
    expect(spec.challenge).toEqual({ program: "support-judge", championVersion: "v1", fromModel: championModel });
    expect(run.spend.capUsd).toBe(1);

    // Act: the execution runs (the real steps and worker), then the next night
    const loop = startWorkerLoop({ sqs: stack.clients.sqs, queueUrl: stack.queueUrl, handler: worker });
    try {
      await runLocalExecution({ runId }, { sfn: stack.sfn, queueUrl: stack.queueUrl, dispatchTimeoutSeconds: 30 })
        .result;
    } finally {
      await loop.stop();
    }
    const nextNight = await nightly();

    // Assess
    const decisions = await registry.listDecisions("support-judge");
    expect(nextNight.started).toEqual([]);
    expect(startExecutions()).toHaveLength(1);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ runId, championModel, challengerModel: newVersion });
    expect(decisions[0]?.decision.n).toBeGreaterThan(0);
    expect(decisions[0]?.decision.reason).toMatch(/^(promoted|kept) the/);
    expect(nextNight.decisions).toEqual([
      {
        program: "support-judge",
        runId,
        promote: decisions[0]?.decision.promote,
        reason: decisions[0]?.decision.reason,
      },
    ]);
  });
});
