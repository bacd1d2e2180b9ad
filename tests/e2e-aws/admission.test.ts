import { readFile } from "node:fs/promises";
import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { DynamoRunAdmission } from "@judgeloop/aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, httpEvent } from "./support/api-calls.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";

const conversations = new URL("../../examples/airline-support/conversations.jsonl", import.meta.url);
const maxActiveRuns = 5;

let stack: AwsStack;
let admission: DynamoRunAdmission;
let dataset: string;

beforeAll(async () => {
  stack = await startAwsStack();
  // Read once, when the API function builds its app (on the first call below).
  process.env.JUDGELOOP_MAX_ACTIVE_RUNS = String(maxActiveRuns);
  admission = new DynamoRunAdmission(stack.clients.dynamodb, { tableName: stack.tableName, runStore: stack.runStore });
  const rows = (await readFile(conversations, "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, 120)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const upload = await call(httpEvent("POST", "/v1/datasets", { body: { name: "admission", rows } }));
  dataset = String(upload.body.id);
});

afterAll(async () => {
  delete process.env.JUDGELOOP_MAX_ACTIVE_RUNS;
  await stack?.stop();
});

/** POST /v1/runs of a small pipeline on the simulator, under `key`. */
function startRun(key: string) {
  const config = {
    data: { dataset },
    prepare: { seed: 3, sample: { size: 60 }, splits: { judgeSet: 30, judgeValidation: 10, devHoldout: 10 } },
    optimizer: { judge: { numTrials: 2 }, generator: { numTrials: 2 } },
  };
  const body = { config, budget: { capUsd: 20 } };
  return call(httpEvent("POST", "/v1/runs", { body, headers: { "Idempotency-Key": key } }));
}

/** Marks a run ended behind the run store's back, as if the write that frees its slot was lost. */
async function endWithoutRelease(runId: string): Promise<void> {
  await stack.clients.dynamodb.send(
    new UpdateItemCommand({
      TableName: stack.tableName,
      Key: { pk: { S: `RUN#${runId}` }, sk: { S: "RUN" } },
      UpdateExpression: "SET #status = :failed",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":failed": { S: "failed" } },
    }),
  );
}

describe("run admission through the API function on DynamoDB", () => {
  it("admits exactly the cap of 20 concurrent starts, and a retried start takes no second slot", async () => {
    // Act
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => startRun(`burst-${i}`)));
    const admittedKeys = answers.flatMap((answer, i) => (answer.status === 201 ? [`burst-${i}`] : []));
    const retried = await Promise.all(admittedKeys.map((key) => startRun(key)));

    // Assess
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(maxActiveRuns);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - maxActiveRuns);
    const refused = answers.find((answer) => answer.status === 429);
    expect(refused?.body).toMatchObject({ error: { code: "too_many_active_runs" } });
    expect(retried.map((answer) => answer.status)).toEqual(Array(maxActiveRuns).fill(200));
    const admittedIds = answers.filter((answer) => answer.status === 201).map((answer) => String(answer.body.id));
    expect(await admission.activeRuns()).toEqual([...admittedIds].sort());
    const stored = await stack.runStore.listRuns({ limit: 100 });
    expect(stored.map((run) => run.id).sort()).toEqual([...admittedIds].sort());
  });

  it("frees a slot when a run ends, and takes back the slot of a run whose release was lost", async () => {
    // Prepare: the cap is full from the test above
    const [first = "", second = ""] = await admission.activeRuns();

    // Act
    const whileFull = await startRun("after-burst-0");
    await stack.runStore.updateRun(first, { status: "succeeded", finishedAt: new Date().toISOString() });
    const afterEnd = await startRun("after-burst-1");
    await endWithoutRelease(second);
    const afterLostRelease = await startRun("after-burst-2");
    const full = await startRun("after-burst-3");

    // Assess
    expect(whileFull.status).toBe(429);
    expect(afterEnd.status).toBe(201);
    expect(afterLostRelease.status).toBe(201);
    expect(full.status).toBe(429);
    const active = await admission.activeRuns();
    expect(active).toHaveLength(maxActiveRuns);
    expect(active).not.toContain(first);
    expect(active).not.toContain(second);
    expect(active).toContain(String(afterLostRelease.body.id));
  });
});
