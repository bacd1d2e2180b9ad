import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchWaitSeconds } from "../../functions/optimizer/round-sizing.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { runLocalExecution } from "./support/local-execution.ts";
import { createOptimizeRun } from "./support/optimization-fixture.ts";

// Round sizing as a deployment would set it, small enough to watch: one worker slot, 0.05 s a job
// (so a wait is 0.1 s per queued job with the slack of 2), a floor of 2 s.
const sizing = {
  JUDGELOOP_DISPATCH_TIMEOUT_SECONDS: "2",
  JUDGELOOP_DISPATCH_MAX_SECONDS: "3600",
  JUDGELOOP_SECONDS_PER_JOB: "0.05",
  JUDGELOOP_WORKER_CONCURRENCY: "1",
};
const backlog = 150;

let stack: AwsStack;

beforeAll(async () => {
  stack = await startAwsStack();
  Object.assign(process.env, sizing);
});

afterAll(async () => {
  for (const name of Object.keys(sizing)) delete process.env[name];
  await stack?.stop();
});

/** What one execution's first Dispatch waited: the sized wait and the seconds until Sweep started. */
interface FirstWait {
  waitSeconds: number;
  secondsToSweep: number;
  trail: string[];
}

/**
 * Runs the optimizer's ASL on aws-local-stepfunctions with no worker draining the queue, so the
 * first round's token never comes: its Dispatch must end by the simulator's own timer at the
 * round's TimeoutSecondsPath (the harness's emulated token expires 5 s after it), then Sweep runs.
 */
async function firstWait(runId: string): Promise<FirstWait> {
  await createOptimizeRun(stack, runId);
  let dispatchedAt = 0;
  let waitSeconds = 0;
  let secondsToSweep = 0;
  const execution = runLocalExecution(
    { runId },
    {
      sfn: stack.sfn,
      queueUrl: stack.queueUrl,
      tokenGraceMs: 5_000,
      onDispatch: (cursor) => {
        dispatchedAt = performance.now();
        waitSeconds = cursor.dispatchWaitSeconds ?? 0;
      },
      onInvocation: (step, ms) => {
        if (step !== "sweep") return;
        secondsToSweep = (performance.now() - ms - dispatchedAt) / 1000;
        execution.abort();
      },
    },
  );
  const ended = await execution.result.then(
    () => "succeeded",
    (error: unknown) => (error as Error).name,
  );
  expect(ended).toBe("ExecutionAbortedError");
  return { waitSeconds, secondsToSweep, trail: execution.trail };
}

async function enqueueOtherRunsJobs(count: number): Promise<void> {
  for (let start = 0; start < count; start += 10) {
    const entries = Array.from({ length: Math.min(10, count - start) }, (_, i) => ({
      Id: String(i),
      MessageBody: JSON.stringify({ otherRun: start + i }),
    }));
    await stack.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: stack.queueUrl, Entries: entries }));
  }
}

describe("the Dispatch wait sized by the round's work (TimeoutSecondsPath on aws-local-stepfunctions)", () => {
  it("times a round out after its own short wait, and gives the same round behind a backlog a longer one", async () => {
    // Act: a round on an empty queue, then the same round behind other runs' queued jobs
    const alone = await firstWait("run-wait-alone");
    await enqueueOtherRunsJobs(backlog);
    const behind = await firstWait("run-wait-behind");

    // Assess
    expect(alone.trail).toEqual(["prepare", "bootstrap", "suggest", "dispatch", "sweep"]);
    expect(behind.trail).toEqual(alone.trail);
    // Alone, the round's few jobs fit in the 2 s floor; the tiny wait really times out, by the
    // simulator's timer (the emulated token would only expire 5 s later).
    expect(alone.waitSeconds).toBe(2);
    expect(alone.secondsToSweep).toBeGreaterThan(alone.waitSeconds - 1);
    expect(alone.secondsToSweep).toBeLessThan(alone.waitSeconds + 3);
    // Behind the backlog (150 others, plus the first run's jobs left queued), the wait covers them all.
    const atLeast = dispatchWaitSeconds(
      { jobs: 1, backlogAhead: backlog, secondsPerJob: 0.05, workerConcurrency: 1 },
      { floorSeconds: 2 },
    );
    expect(atLeast).toBe(16);
    expect(behind.waitSeconds).toBeGreaterThanOrEqual(atLeast);
    expect(behind.secondsToSweep).toBeGreaterThan(behind.waitSeconds - 1);
    expect(behind.secondsToSweep).toBeLessThan(behind.waitSeconds + 3);
  }, 120_000);
});
