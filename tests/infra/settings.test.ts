import { tableKeys } from "@judgeloop/aws";
import { defaultMaxReceives } from "@judgeloop/core";
import { describe, expect, it } from "vitest";
import { infraSettings, resourceNames, tableDesign } from "../../stacks/settings.ts";

describe("infraSettings", () => {
  it("keeps a received job hidden for longer than a worker may hold it", () => {
    const settings = infraSettings({ JUDGELOOP_WORKER_TIMEOUT_SECONDS: "300" });

    expect(settings.jobVisibilityTimeoutSeconds).toBeGreaterThan(settings.workerTimeoutSeconds);
    expect(settings.jobVisibilityTimeoutSeconds).toBe(1800);
  });

  it("dead-letters after as many receives as the job queue adapters expect", () => {
    const settings = infraSettings({});

    expect(settings.maxReceiveCount).toBe(defaultMaxReceives);
  });

  it("takes the burst bound from JUDGELOOP_BURST_CONCURRENCY, within SQS's 2–1000", () => {
    expect(infraSettings({}).burstConcurrency).toBe(10);
    expect(infraSettings({ JUDGELOOP_BURST_CONCURRENCY: "50" }).burstConcurrency).toBe(50);
    expect(() => infraSettings({ JUDGELOOP_BURST_CONCURRENCY: "1" })).toThrow(
      'JUDGELOOP_BURST_CONCURRENCY must be an integer from 2 to 1000, got "1"',
    );
  });

  it("rejects a worker timeout over Lambda's 900 seconds and a schedule that is not cron(...)", () => {
    expect(() => infraSettings({ JUDGELOOP_WORKER_TIMEOUT_SECONDS: "901" })).toThrow(
      /JUDGELOOP_WORKER_TIMEOUT_SECONDS/,
    );
    expect(() => infraSettings({ JUDGELOOP_NIGHTLY_SCHEDULE: "0 3 * * *" })).toThrow(/JUDGELOOP_NIGHTLY_SCHEDULE/);
    expect(infraSettings({ JUDGELOOP_NIGHTLY_SCHEDULE: "cron(30 1 * * ? *)" }).nightlySchedule).toBe(
      "cron(30 1 * * ? *)",
    );
  });

  it("waits for a round's token at least a worker timeout plus a redelivery, and longer on request", () => {
    const slowWorkers = infraSettings({ JUDGELOOP_WORKER_TIMEOUT_SECONDS: "300" });

    expect(infraSettings({}).dispatchTimeoutSeconds).toBe(900);
    expect(slowWorkers.dispatchTimeoutSeconds).toBe(300 + 1800 + 60);
    expect(infraSettings({ JUDGELOOP_DISPATCH_TIMEOUT_SECONDS: "3600" }).dispatchTimeoutSeconds).toBe(3600);
    expect(() => infraSettings({ JUDGELOOP_DISPATCH_TIMEOUT_SECONDS: "600" })).toThrow(
      'JUDGELOOP_DISPATCH_TIMEOUT_SECONDS must be an integer from 900 to 86400, got "600"',
    );
  });

  it("keeps the API function inside API Gateway's 30-second limit", () => {
    expect(infraSettings({}).apiTimeoutSeconds).toBeLessThan(30);
  });
});

describe("tableDesign", () => {
  it("declares the keys, index and TTL attribute the DynamoDB adapters use", () => {
    expect(tableDesign).toEqual({
      partitionKey: tableKeys.partition,
      sortKey: tableKeys.sort,
      index: { name: tableKeys.index, partitionKey: tableKeys.indexPartition, sortKey: tableKeys.indexSort },
      ttlAttribute: tableKeys.expiresAt,
    });
  });
});

describe("resourceNames", () => {
  it("names the state machine per app and stage, and refuses names AWS would reject", () => {
    expect(resourceNames("judgeloop", "prod").stateMachine).toBe("judgeloop-prod-optimizer");
    expect(resourceNames("judgeloop", "prod").pipeline).toBe("judgeloop-prod-pipeline");
    expect(() => resourceNames("judgeloop", "a".repeat(80))).toThrow(/1-80 letters/);
  });
});
