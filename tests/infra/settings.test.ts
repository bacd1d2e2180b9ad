import { tableKeys } from "@judgeloop/aws";
import { defaultMaxReceives } from "@judgeloop/core";
import { describe, expect, it } from "vitest";
import { readRoundWaitSettings } from "../../functions/optimizer/round-wait.ts";
import { burstShares, infraSettings, resourceNames, roundWaitEnvironment, tableDesign } from "../../stacks/settings.ts";

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

  it("takes the burst bound from JUDGELOOP_BURST_CONCURRENCY, from 4 to 1000", () => {
    expect(infraSettings({}).burstConcurrency).toBe(10);
    expect(infraSettings({ JUDGELOOP_BURST_CONCURRENCY: "50" }).burstConcurrency).toBe(50);
    expect(() => infraSettings({ JUDGELOOP_BURST_CONCURRENCY: "3" })).toThrow(
      'JUDGELOOP_BURST_CONCURRENCY must be an integer from 4 to 1000, got "3"',
    );
  });

  it("keeps every LM-calling function's share inside the one burst bound", () => {
    for (let bound = 4; bound <= 1000; bound++) {
      const { burst, workerBatchSize } = infraSettings({ JUDGELOOP_BURST_CONCURRENCY: String(bound) });
      const workers = burst.workerMaxConcurrency * burst.workerBatchSize;

      expect(workers + burst.nightlyCallConcurrency, `bound ${bound}`).toBe(burst.callsInFlight);
      expect(burst.callsInFlight, `bound ${bound}`).toBeLessThanOrEqual(bound);
      expect(burst.workerMaxConcurrency, `bound ${bound}: SQS's minimum`).toBeGreaterThanOrEqual(2);
      expect(burst.workerBatchSize).toBeGreaterThanOrEqual(1);
      expect(burst.workerBatchSize).toBeLessThanOrEqual(10);
      expect(workerBatchSize).toBe(burst.workerBatchSize);
      expect(burst.nightlyReservedConcurrency).toBe(1);
    }
  });

  it("uses most of the bound: the default 10 calls in flight is 2 workers of 4 jobs and 1 nightly call", () => {
    expect(burstShares(10)).toEqual({
      workerMaxConcurrency: 2,
      workerBatchSize: 4,
      nightlyReservedConcurrency: 1,
      nightlyCallConcurrency: 1,
      callsInFlight: 9,
    });
    expect(burstShares(100).callsInFlight).toBe(100);
    expect(burstShares(1000)).toMatchObject({ workerMaxConcurrency: 90, workerBatchSize: 10, callsInFlight: 1000 });
  });

  it("turns off Lambda's two retries of the scheduler's asynchronous nightly invocation", () => {
    expect(infraSettings({}).nightlyInvokeConfig.maximumRetryAttempts).toBe(0);
    expect(infraSettings({}).nightlyInvokeConfig.maximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
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

  it("sizes rounds from the deployed floor and the workers' share of the burst bound", () => {
    const settings = infraSettings({ JUDGELOOP_BURST_CONCURRENCY: "100", JUDGELOOP_DISPATCH_TIMEOUT_SECONDS: "1200" });

    const sizing = readRoundWaitSettings(roundWaitEnvironment(settings));

    expect(sizing.floorSeconds).toBe(1200);
    // 9 invocations × 10 jobs: the calls the workers may have in flight, as the burst bound shares them.
    expect(sizing.workerConcurrency).toBe(90);
    expect(sizing.workerConcurrency + settings.burst.nightlyCallConcurrency).toBe(settings.burst.callsInFlight);
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
