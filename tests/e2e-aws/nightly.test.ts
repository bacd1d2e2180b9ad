import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DynamoModelRegistry } from "@judgeloop/aws";
import { datasetToData, getJson, putJson, type RunRecord } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { goldSetKey } from "../../functions/nightly/gold-set-judge.ts";
import type { GoldSetRescoreRecord } from "../../functions/nightly/rescore-gold-sets.ts";
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
        status: "decided",
        promote: decisions[0]?.decision.promote,
        reason: decisions[0]?.decision.reason,
      },
    ]);
  });
});

/**
 * A model server whose listing is tonight's recorded one plus `addedIds`, and the nightly handler
 * of a fresh composition root pointed at it (the handler reads OPENAI_BASE_URL once per container).
 */
async function nightWithNewModels(addedIds: string[]) {
  const directory = await mkdtemp(join(tmpdir(), "judgeloop-nightly-"));
  const recorded = new URL("./fixtures/openai-models-night.json", import.meta.url);
  const listing = JSON.parse(await readFile(recorded, "utf8")) as { data: Record<string, unknown>[] };
  const added = addedIds.map((id) => ({ id, object: "model", created: 1736899200, owned_by: "system" }));
  const fixture = join(directory, "models.json");
  await writeFile(fixture, JSON.stringify({ ...listing, data: [...listing.data, ...added] }));
  const server = await startModelServer(pathToFileURL(fixture));
  process.env.OPENAI_BASE_URL = server.baseURL;
  vi.resetModules();
  const { handler } = await import("../../functions/nightly.ts");
  const close = async () => {
    await server.close();
    process.env.OPENAI_BASE_URL = models.baseURL;
    await rm(directory, { recursive: true, force: true });
  };
  return { handler, close };
}

/** A judge watched on the floating `openai/gpt-4o`, its gold set last scored with it. */
async function seedFloatingJudge(goldSetId: string, name = "support-verdict", rescoreBudgetUsd = 1): Promise<void> {
  const recipe = {
    trainsetKey: "data/support-judge/train.json",
    holdoutKey: "data/support-judge/holdout.json",
    metric: { kind: "exact" as const, field: "satisfied" },
    proposerModel: "sim/strong",
  };
  await new S3ProgramRegistry(stack.artifacts).create(name, recipe, {
    state: judgeProgram().toState(),
    createdAt: "2025-01-01T00:00:00.000Z",
  });
  await putJson(stack.artifacts, goldSetKey(goldSetId), datasetToData(judgeExamples(28, 12)));
  await registry.watchProgram({
    name,
    model: newVersion,
    runBudgetUsd: 1,
    judge: { model: "openai/gpt-4o", scoredWithModel: "openai/gpt-4o", goldSetId, rescoreBudgetUsd },
  });
}

describe("the nightly handler's gold-set re-scores (functions/nightly.ts)", () => {
  it("re-scores a floating judge's frozen gold set once when its family gains a version, then not again", async () => {
    // Prepare
    const goldSetId = "support-gold-v1";
    await seedFloatingJudge(goldSetId);
    const night = await nightWithNewModels(["gpt-4o-2025-01-15"]);
    try {
      // Act
      const first = await night.handler();
      const second = await night.handler();

      // Assess
      expect(first.plan.added).toContain("openai/gpt-4o-2025-01-15");
      expect(first.rescored).toHaveLength(1);
      const [rescore] = first.rescored;
      expect(rescore).toMatchObject({
        program: "support-verdict",
        goldSetId,
        judgeModel: "openai/gpt-4o",
        status: "scored",
        n: 12,
      });
      const key = rescore?.status === "scored" ? rescore.key : "";
      const stored = (await getJson(stack.artifacts, key)) as GoldSetRescoreRecord;
      expect(key).toMatch(/^nightly\/\d{4}-\d{2}-\d{2}\/rescores\/support-verdict\.json$/);
      expect(stored.judgeModel).toBe("openai/gpt-4o");
      expect(stored.agreement.n).toBe(12);
      expect(typeof stored.agreement.kappa.value).toBe("number");
      expect(rescore?.status === "scored" && rescore.kappa).toBe(stored.agreement.kappa.value);
      const watched = (await registry.watchedPrograms()).find((program) => program.name === "support-verdict");
      expect(watched?.judge?.scoredWithModel).toBe("openai/gpt-4o");
      expect(second.plan.rescores).toEqual([]);
      expect(second.rescored).toEqual([]);
    } finally {
      await night.close();
    }
  });

  it("skips a re-score whose estimate exceeds its cap, says why, and leaves it due", async () => {
    // Prepare
    await seedFloatingJudge("support-gold-v2", "support-verdict-cheap", 0.000001);
    const night = await nightWithNewModels(["gpt-4o-2025-01-15", "gpt-4o-2025-03-01"]);
    try {
      // Act
      const report = await night.handler();
      const nextNight = await night.handler();

      // Assess
      const cheap = (rescored: typeof report.rescored) =>
        rescored.find((rescore) => rescore.program === "support-verdict-cheap");
      expect(cheap(report.rescored)).toMatchObject({
        status: "skipped",
        detail: expect.stringMatching(/over its \$0\.000001 cap$/),
      });
      expect(await stack.artifacts.list("nightly/rescores/support-verdict-cheap/")).toEqual([]);
      expect(cheap(nextNight.rescored)).toMatchObject({
        status: "skipped",
        reason: expect.stringMatching(/never scored/),
      });
    } finally {
      await night.close();
    }
  });
});
