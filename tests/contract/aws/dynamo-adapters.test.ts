import { GetItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { DynamoBudgetLedger, DynamoCacheStore, DynamoRunStore } from "@judgeloop/aws";
import { newRunRecord } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsEmulators, startAwsEmulators } from "./aws-fixtures.ts";

let aws: AwsEmulators;

beforeAll(async () => {
  aws = await startAwsEmulators();
});

afterAll(async () => {
  await aws.stop();
});

function nested(depth: number): unknown {
  return depth === 0 ? { leaf: true } : { next: nested(depth - 1) };
}

describe("DynamoRunStore", () => {
  const freshStore = async () => new DynamoRunStore(aws.dynamo.dynamodb, { tableName: await aws.freshTable() });

  it("counts a round of 12,000 job ids once each, redeliveries included, on a counter item that stays small", async () => {
    const tableName = await aws.freshTable();
    const store = new DynamoRunStore(aws.dynamo.dynamodb, { tableName });
    const ids = Array.from({ length: 12_000 }, (_, i) => `job-${String(i).padStart(5, "0")}-${"h".repeat(48)}`);
    const countAll = async (members: string[]) => {
      const outcomes: { counted: boolean; value: number }[] = [];
      for (let start = 0; start < members.length; start += 200) {
        const batch = members.slice(start, start + 200);
        outcomes.push(...(await Promise.all(batch.map((id) => store.countOnce("run-1", "round-3", id)))));
      }
      return outcomes;
    };

    const first = await countAll(ids);
    const redelivered = await countAll(ids.filter((_, i) => i % 10 === 0));

    expect(first.filter((outcome) => outcome.counted)).toHaveLength(12_000);
    expect(Math.max(...first.map((outcome) => outcome.value))).toBe(12_000);
    expect(redelivered.every((outcome) => !outcome.counted && outcome.value === 12_000)).toBe(true);
    expect(await store.getCounter("run-1", "round-3")).toBe(12_000);
    const { Item } = await aws.dynamo.dynamodb.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: "RUN#run-1" }, sk: { S: "COUNTER#round-3" } } }),
    );
    expect(JSON.stringify(Item).length).toBeLessThan(200);
  }, 240_000);

  it("round-trips JSON that DynamoDB maps could not hold", async () => {
    const store = await freshStore();
    const awkward = {
      huge: 1e300,
      tiny: 5e-324,
      sum: 0.1 + 0.2,
      deep: nested(40),
      empty: "",
      "": [[], {}],
      emoji: "✈️",
    };
    await store.createRun(newRunRecord({ id: "run-1", kind: "pipeline", input: awkward, now: "2025-01-01T00:00:00Z" }));

    await store.updateRun("run-1", {
      result: awkward,
      stages: { "judge.optimize": { status: "succeeded", output: awkward } },
    });
    await store.putResultOnce("run-1", "job-1", awkward);

    const run = await store.getRun("run-1");
    expect(run?.input).toEqual(awkward);
    expect(run?.result).toEqual(awkward);
    expect(run?.stages["judge.optimize"]?.output).toEqual(awkward);
    expect((await store.getResults("run-1", ["job-1"])).get("job-1")).toEqual(awkward);
  });

  it("keeps the trials of a stage apart from a stage whose name starts the same", async () => {
    const store = await freshStore();
    for (const stage of ["judge", "judge#2", "judge-b"]) {
      await store.appendTrial("run-1", { stage, index: 0, score: 0.5, candidate: { stage } });
    }

    const judge = await store.listTrials("run-1", { stage: "judge" });

    expect(judge.map((t) => t.stage)).toEqual(["judge"]);
    expect(await store.listTrials("run-1")).toHaveLength(3);
  });

  it("reads results of more jobs than one BatchGetItem takes", async () => {
    const store = await freshStore();
    const jobIds = Array.from({ length: 230 }, (_, i) => `job-${i}`);
    await Promise.all(jobIds.filter((_, i) => i % 3 !== 0).map((jobId) => store.putResultOnce("run-1", jobId, jobId)));

    const results = await store.getResults("run-1", jobIds);

    expect(results.size).toBe(153);
    expect(results.get("job-229")).toBe("job-229");
    expect(results.has("job-228")).toBe(false);
  });

  it("lists the newest runs of a status when most runs have another", async () => {
    const store = await freshStore();
    for (let minute = 10; minute < 40; minute++) {
      const now = `2025-02-01T00:${minute}:00Z`;
      await store.createRun(newRunRecord({ id: `run-${minute}`, kind: "pipeline", input: null, now }));
      if (minute % 10 === 0) await store.updateRun(`run-${minute}`, { status: "failed" });
    }

    const failed = await store.listRuns({ status: "failed", limit: 2 });

    expect(failed.map((run) => [run.id, run.status])).toEqual([
      ["run-30", "failed"],
      ["run-20", "failed"],
    ]);
  });
});

describe("DynamoRunStore listing", () => {
  it("spreads 250 runs over the index shards and pages through them newest first, none lost or repeated", async () => {
    // Prepare: 250 runs over 25 instants, 10 per instant (ties ordered by id)
    const tableName = await aws.freshTable();
    const store = new DynamoRunStore(aws.dynamo.dynamodb, { tableName });
    const ids = Array.from({ length: 250 }, (_, i) => `run-${String(i).padStart(3, "0")}`);
    const createdAt = (i: number) => `2025-03-01T00:${String(Math.floor(i / 10)).padStart(2, "0")}:00.000Z`;
    for (let start = 0; start < ids.length; start += 25) {
      await Promise.all(
        ids
          .slice(start, start + 25)
          .map((id, offset) =>
            store.createRun(newRunRecord({ id, kind: "pipeline", input: null, now: createdAt(start + offset) })),
          ),
      );
    }

    // Act
    const pages: string[][] = [];
    let page = await store.listRuns({ limit: 40 });
    while (page.length > 0) {
      pages.push(page.map((run) => run.id));
      const last = page.at(-1);
      page = last ? await store.listRuns({ limit: 40, before: { createdAt: last.createdAt, id: last.id } }) : [];
    }

    // Assess
    const expected = [...ids].sort((a, b) => {
      const byTime = createdAt(ids.indexOf(b)).localeCompare(createdAt(ids.indexOf(a)));
      return byTime !== 0 ? byTime : b.localeCompare(a);
    });
    expect(pages.map((ids) => ids.length)).toEqual([40, 40, 40, 40, 40, 40, 10]);
    expect(pages.flat()).toEqual(expected);
    const shards = new Set<string>();
    for (const id of ids.slice(0, 60)) {
      const { Item } = await aws.dynamo.dynamodb.send(
        new GetItemCommand({ TableName: tableName, Key: { pk: { S: `RUN#${id}` }, sk: { S: "RUN" } } }),
      );
      shards.add(String(Item?.gsi1pk?.S));
    }
    expect(shards.size).toBeGreaterThanOrEqual(12);
    expect([...shards].every((shard) => /^RUNS#(0\d|1[0-5])$/.test(shard))).toBe(true);
  });

  it("still lists runs written under the single RUNS key before the index was sharded", async () => {
    const tableName = await aws.freshTable();
    const store = new DynamoRunStore(aws.dynamo.dynamodb, { tableName });
    await store.createRun(newRunRecord({ id: "run-new", kind: "pipeline", input: null, now: "2025-03-02T00:00:00Z" }));
    await store.createRun(newRunRecord({ id: "run-old", kind: "pipeline", input: null, now: "2025-03-01T00:00:00Z" }));
    await aws.dynamo.dynamodb.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: "RUN#run-old" }, sk: { S: "RUN" } },
        UpdateExpression: "SET gsi1pk = :legacy",
        ExpressionAttributeValues: { ":legacy": { S: "RUNS" } },
      }),
    );

    expect((await store.listRuns()).map((run) => run.id)).toEqual(["run-new", "run-old"]);
  });
});

describe("DynamoBudgetLedger", () => {
  it("never passes the cap while reservers on separate connections race with uneven amounts", async () => {
    const tableName = await aws.freshTable();
    const connections = Array.from({ length: 4 }, () => aws.connectDynamo());
    const ledgers = connections.map(({ dynamodb }) => new DynamoBudgetLedger(dynamodb, { tableName }));
    const amounts = Array.from({ length: 100 }, (_, i) => [0.013, 0.021, 0.034, 0.055][i % 4] ?? 0.01);

    const results = await Promise.all(
      amounts.map((usd, i) => ledgers[i % ledgers.length]?.reserve("run-1", usd, { capUsd: 1, maxCalls: 60 })),
    );

    const granted = amounts.filter((_, i) => results[i]?.ok).reduce((sum, usd) => sum + usd, 0);
    const [spend] = await new DynamoBudgetLedger(aws.dynamo.dynamodb, { tableName }).snapshot();
    for (const connection of connections) for (const client of Object.values(connection)) client.destroy();
    expect(granted).toBeLessThanOrEqual(1 + 1e-9);
    expect(spend?.reservedUsd).toBeCloseTo(granted, 9);
    expect(spend?.calls).toBe(results.filter((r) => r?.ok).length);
    expect(spend?.calls).toBeLessThanOrEqual(60);
  });
});

describe("DynamoCacheStore", () => {
  const entry = {
    model: "openai/gpt-4o-mini",
    text: "yes",
    usage: { inputTokens: 10, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 },
    responseModel: "gpt-4o-mini",
    latencyMs: 100,
  };

  it("stores an expiry for the table's TTL and treats an expired entry as a miss", async () => {
    const tableName = await aws.freshTable();
    let now = Date.parse("2025-06-01T00:00:00Z");
    const store = new DynamoCacheStore(aws.dynamo.dynamodb, { tableName, ttlSeconds: 3600, now: () => now });
    await store.set("k1", entry);

    const fresh = await store.get("k1");
    now += 3601_000;
    const expired = await store.get("k1");

    const raw = await aws.dynamo.dynamodb.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: "CACHE#k1" }, sk: { S: "CACHE" } } }),
    );
    expect(fresh).toEqual(entry);
    expect(expired).toBeUndefined();
    expect(raw.Item?.expiresAt?.N).toBe(String(Date.parse("2025-06-01T01:00:00Z") / 1000));
  });
});
