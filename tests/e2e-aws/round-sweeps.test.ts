import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundCursor } from "../../functions/optimizer/cursor.ts";
import { maxStalledSweeps } from "../../functions/optimizer/round-sizing.ts";
import { handler as sweep } from "../../functions/steps/sweep.ts";
import { handler as worker } from "../../functions/worker.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { type DispatchedRound, dispatchFirstRound } from "./support/round-fixture.ts";
import { sqsRecord } from "./support/worker-loop.ts";

let stack: AwsStack;

beforeAll(async () => {
  stack = await startAwsStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** Runs queued messages on the real worker, one at a time, until one more of the round's jobs has its result. */
async function completeOneMoreJob(dispatched: DispatchedRound): Promise<void> {
  const ids = dispatched.jobs.map((job) => job.id);
  const before = (await stack.runStore.getResults(dispatched.runId, ids)).size;
  for (let tries = 0; tries < 200; tries++) {
    const { Messages = [] } = await stack.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dispatched.queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }),
    );
    await worker({ Records: Messages.map((message) => sqsRecord(message, dispatched.queueUrl)) });
    if ((await stack.runStore.getResults(dispatched.runId, ids)).size > before) return;
  }
  throw new Error("no job completed");
}

async function sweepOnce(cursor: RoundCursor, queueUrl: string): Promise<RoundCursor> {
  return (await sweep({ cursor, queueUrl })) as RoundCursor;
}

describe("sweeps of a round (functions/steps/sweep.ts) on SQS and DynamoDB", () => {
  it("keeps sweeping a round that completes jobs between sweeps, and calls it stuck only after sweeps in a row without progress", async () => {
    // Prepare: a round whose workers are busy elsewhere, so it completes one job per sweep
    const dispatched = await dispatchFirstRound(stack, "run-sweeps-slow");
    const progressing = Math.min(dispatched.jobs.length - 1, maxStalledSweeps + 2);
    let cursor = dispatched.round;

    // Act: more sweeps than the stall limit, each after one more job completed
    for (let sweepNo = 0; sweepNo < progressing; sweepNo++) {
      await completeOneMoreJob(dispatched);
      cursor = await sweepOnce(cursor, dispatched.queueUrl);
    }
    const afterProgress = { attempt: cursor.attempt, stalled: cursor.stalledSweeps, done: cursor.completedAtSweep };
    // Then no worker runs at all: every further sweep finds the same count.
    const verdicts: string[] = [];
    for (let sweepNo = 0; sweepNo < maxStalledSweeps; sweepNo++) {
      try {
        cursor = await sweepOnce(cursor, dispatched.queueUrl);
        verdicts.push("swept");
      } catch (error) {
        verdicts.push((error as Error).message);
      }
    }

    // Assess
    expect(progressing).toBeGreaterThan(maxStalledSweeps);
    expect(afterProgress).toEqual({ attempt: progressing, stalled: 0, done: progressing });
    // The step handler passes round_stuck on as its message, which fails the run.
    expect(verdicts).toEqual([
      ...Array(maxStalledSweeps - 1).fill("swept"),
      `step ${cursor.step} of run run-sweeps-slow completed no job in ${maxStalledSweeps} sweeps in a row (${progressing} of ${dispatched.jobs.length} done)`,
    ]);
  }, 120_000);
});
