import { DynamoModelRegistry } from "@judgeloop/aws";
import { datasetToData, newRunRecord, type ProgramState, putJson, type RunRecord } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as nightly } from "../../functions/nightly.ts";
import type { OptimizeSpec } from "../../functions/optimizer/run-spec.ts";
import { type ProgramRecipe, S3ProgramRegistry } from "../../functions/programs/s3-program-registry.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { type ModelServer, startModelServer } from "./support/model-server.ts";
import { judgeExamples, judgeProgram, smallOptimizer } from "./support/optimization-fixture.ts";

// Tonight's listing (the recorded fixture) adds gpt-4o-mini-2025-04-01 to a known family.
const championModel = "openai/gpt-4o-mini-2024-07-18";
const newVersion = "openai/gpt-4o-mini-2025-04-01";
const known = ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "text-embedding-3-small"];
const holdoutSize = 12;

let stack: AwsStack;
let models: ModelServer;
let registry: DynamoModelRegistry;
let programs: S3ProgramRegistry;

const recipe: ProgramRecipe = {
  trainsetKey: "data/retries/train.json",
  holdoutKey: "data/retries/holdout.json",
  metric: { kind: "exact", field: "satisfied" },
  proposerModel: "sim/strong",
  optimizer: { ...smallOptimizer },
};

beforeAll(async () => {
  stack = await startAwsStack();
  models = await startModelServer(new URL("./fixtures/openai-models-night.json", import.meta.url));
  process.env.OPENAI_API_KEY = "sk-test-not-a-real-key";
  process.env.OPENAI_BASE_URL = models.baseURL;
  registry = new DynamoModelRegistry(stack.clients.dynamodb, { tableName: stack.tableName });
  programs = new S3ProgramRegistry(stack.artifacts);
  await registry.registerModels(
    known.map((id) => ({ provider: "openai", id })),
    "2025-01-01T00:00:00.000Z",
  );
  await putJson(stack.artifacts, recipe.trainsetKey, datasetToData(judgeExamples(0, 10)));
  await putJson(stack.artifacts, recipe.holdoutKey, datasetToData(judgeExamples(16, holdoutSize)));
});

afterAll(async () => {
  delete process.env.JUDGELOOP_NIGHTLY_BUDGET_USD;
  await models?.close();
  await stack?.stop();
});

function boundTo(model: string): ProgramState {
  const state = judgeProgram().toState();
  const predictors = Object.fromEntries(Object.entries(state.predictors).map(([n, p]) => [n, { ...p, lm: model }]));
  return { ...state, predictors };
}

async function createProgram(name: string): Promise<void> {
  await programs.create(name, recipe, { state: boundTo(championModel), createdAt: "2025-01-01T00:00:00.000Z" });
}

async function watched(name: string) {
  return (await registry.watchedPrograms()).find((program) => program.name === name);
}

function nightWithBudget(usd: number) {
  process.env.JUDGELOOP_NIGHTLY_BUDGET_USD = String(usd);
  return nightly();
}

describe("the nightly handler's skipped upgrades", () => {
  it("plans an upgrade skipped for budget or for a missing champion again on later nights until it starts", async () => {
    // Prepare: alpha's run does not fit a $2 night; beta has no champion yet
    await createProgram("alpha");
    await registry.watchProgram({ name: "alpha", model: championModel, runBudgetUsd: 3 });
    await registry.watchProgram({ name: "beta", model: championModel, runBudgetUsd: 1 });

    // Act
    const first = await nightWithBudget(2);
    const pendingAfterFirst = [(await watched("alpha"))?.pendingModel, (await watched("beta"))?.pendingModel];
    await createProgram("beta");
    const second = await nightWithBudget(2);
    const pendingAfterSecond = [(await watched("alpha"))?.pendingModel, (await watched("beta"))?.pendingModel];
    const third = await nightWithBudget(10);
    const fourth = await nightWithBudget(10);

    // Assess
    expect(first.plan.added).toEqual([newVersion]);
    expect(first.started).toEqual([]);
    expect(first.plan.skipped).toEqual([expect.objectContaining({ program: "alpha", work: "run", model: newVersion })]);
    expect(first.notStarted).toEqual([expect.objectContaining({ program: "beta", model: newVersion })]);
    expect(pendingAfterFirst).toEqual([newVersion, newVersion]);
    expect(second.plan.added).toEqual([]);
    expect(second.started).toHaveLength(1);
    expect(pendingAfterSecond).toEqual([newVersion, undefined]);
    expect(third.started).toHaveLength(1);
    expect(await watched("alpha")).not.toHaveProperty("pendingModel");
    expect(fourth.started).toEqual([]);
    const runs = await Promise.all([...second.started, ...third.started].map((id) => stack.runStore.getRun(id)));
    const specs = runs.map((run) => run?.input as OptimizeSpec | undefined);
    expect(specs.map((spec) => spec?.challenge?.program)).toEqual(["beta", "alpha"]);
    expect(specs.map((spec) => spec?.models.task)).toEqual([newVersion, newVersion]);
  });
});

/** A challenger run of `program` that ended with `status`, created at `createdAt`, its own cap `capUsd`. */
async function endedChallenger(program: string, status: RunRecord["status"], createdAt: string, capUsd = 1) {
  const runId = `run-${program}-${status}`;
  const programKey = `programs/${program}/challengers/${runId}.json`;
  await putJson(stack.artifacts, programKey, boundTo(newVersion));
  const spec: OptimizeSpec = {
    kind: "optimize",
    programKey,
    trainsetKey: recipe.trainsetKey,
    metric: recipe.metric,
    models: { task: newVersion, proposer: recipe.proposerModel },
    optimizer: recipe.optimizer ?? {},
    budget: { capUsd },
    challenge: { program, championVersion: "v1", fromModel: championModel },
  };
  await stack.runStore.createRun(newRunRecord({ id: runId, kind: "optimize", input: spec, now: createdAt, capUsd }));
  const result = status === "succeeded" ? { result: { programKey } } : {};
  await stack.runStore.updateRun(runId, { status, finishedAt: createdAt, ...result });
  return runId;
}

describe("the nightly handler's promotion gate", () => {
  it("decides old and stopped challengers, and scores on the gate's own budget, not the run's spent cap", async () => {
    // Prepare: two challengers of gamma, older than 120 newer runs; the succeeded one's own cap is spent
    await createProgram("gamma");
    await registry.watchProgram({ name: "gamma", model: championModel, runBudgetUsd: 1, gateBudgetUsd: 2 });
    const stopped = await endedChallenger("gamma", "stopped", "2020-01-01T00:00:00.000Z");
    const succeeded = await endedChallenger("gamma", "succeeded", "2020-01-02T00:00:00.000Z", 0.000001);
    for (let i = 0; i < 120; i++) {
      const now = `2021-01-01T00:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.000Z`;
      await stack.runStore.createRun(newRunRecord({ id: `run-filler-${i}`, kind: "pipeline", input: null, now }));
    }

    // Act
    const night = await nightWithBudget(10);

    // Assess
    const decisions = await registry.listDecisions("gamma");
    expect(night.decisions.filter((d) => d.program === "gamma")).toEqual([
      expect.objectContaining({ runId: succeeded, status: "decided" }),
      expect.objectContaining({ runId: stopped, status: "decided", promote: false }),
    ]);
    expect(night.gateUsd).toBe(2);
    const byRun = new Map(decisions.map((record) => [record.runId, record.decision]));
    expect(byRun.get(stopped)).toMatchObject({ promote: false, n: 0 });
    expect(byRun.get(stopped)?.reason).toMatch(/the challenger run stopped at its budget/);
    expect(byRun.get(succeeded)?.n).toBe(holdoutSize);
    expect(byRun.get(succeeded)?.reason).toMatch(/^(promoted|kept) the/);
  });

  it("reports a gate whose budget refused calls as incomplete, records nothing, and tries it again next night", async () => {
    // Prepare
    await createProgram("delta");
    await registry.watchProgram({ name: "delta", model: championModel, runBudgetUsd: 1, gateBudgetUsd: 0.000001 });
    const runId = await endedChallenger("delta", "succeeded", "2020-02-01T00:00:00.000Z");

    // Act
    const night = await nightWithBudget(10);
    const nextNight = await nightWithBudget(10);

    // Assess
    const delta = (report: typeof night) => report.decisions.find((decision) => decision.runId === runId);
    expect(delta(night)).toMatchObject({ status: "incomplete", holdout: holdoutSize });
    const incomplete = delta(night);
    expect(incomplete?.status === "incomplete" && incomplete.refused).toBeGreaterThan(0);
    expect(incomplete?.reason).toMatch(/^not decided: the comparison is incomplete/);
    expect(await registry.listDecisions("delta")).toEqual([]);
    expect(delta(nextNight)).toMatchObject({ status: "incomplete" });
  });
});
