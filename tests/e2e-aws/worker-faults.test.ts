import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roundCounter } from "../../functions/optimizer/keys.ts";
import { queuedJobsOf } from "../../functions/optimizer/rounds.ts";
import { handler as worker } from "../../functions/worker.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { dispatchFirstRound } from "./support/round-fixture.ts";
import { sqsRecord, startWorkerLoop } from "./support/worker-loop.ts";

let stack: AwsStack;

beforeAll(async () => {
  stack = await startAwsStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** Drains a queue with the real worker until `done` holds (or fails after 20 s). */
async function drainUntil(queueUrl: string, done: () => Promise<boolean>): Promise<void> {
  const loop = startWorkerLoop({ sqs: stack.clients.sqs, queueUrl, handler: worker });
  try {
    const deadline = Date.now() + 20_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error("the queue did not drain in time");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    await loop.stop();
  }
}

describe("the worker (functions/worker.ts) on SQS", () => {
  it("counts a duplicated delivery once and sends the round's token once the round is complete", async () => {
    // Prepare
    const { runId, round, jobs, taskToken, queueUrl, queue } = await dispatchFirstRound(stack, "run-faults-dup");
    await queue.enqueueBatch(queuedJobsOf(runId, { step: round.step, total: round.jobCount }, jobs.slice(0, 3)));

    // Act
    await drainUntil(queueUrl, async () => {
      const { ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible } = await attributesOf(queueUrl);
      return ApproximateNumberOfMessages === "0" && ApproximateNumberOfMessagesNotVisible === "0";
    });

    // Assess
    const results = await stack.runStore.getResults(
      runId,
      jobs.map((job) => job.id),
    );
    expect(results.size).toBe(jobs.length);
    expect(await stack.runStore.getCounter(runId, roundCounter(round.step))).toBe(jobs.length);
    expect(stack.sfn.tokenState(taskToken)).toBe("succeeded");
  });

  it("reports only the records that failed in a batch, so only they are delivered again", async () => {
    // Prepare
    const { runId, jobs, queueUrl } = await dispatchFirstRound(stack, "run-faults-batch", { poison: true });
    const poisonId = jobs.find((job) => job.kind === "trace")?.id;
    const { Messages = [] } = await stack.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ["All"] }),
    );
    const poisonMessage = Messages.find((message) => message.Body?.includes(`"id":"${poisonId}"`));

    // Act
    const response = await worker({ Records: Messages.map((message) => sqsRecord(message, queueUrl)) });

    // Assess
    expect(Messages.length).toBeGreaterThan(2);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: poisonMessage?.MessageId }]);
    const stored = await stack.runStore.getResults(
      runId,
      jobs.map((job) => job.id),
    );
    const others = Messages.filter((message) => message !== poisonMessage).length;
    expect(stored.size).toBe(others);
    expect(stored.has(poisonId ?? "")).toBe(false);
  });

  it("settles a poison job as an error on its last receive: it reaches the dead-letter queue and the run reports it", async () => {
    // Prepare
    const { runId, round, jobs, taskToken, queueUrl, queue } = await dispatchFirstRound(stack, "run-faults-poison", {
      poison: true,
    });
    const poisonId = jobs.find((job) => job.kind === "trace")?.id ?? "";

    // Act
    await drainUntil(queueUrl, async () => (await queue.listDeadLetters(runId)).length > 0);

    // Assess
    const run = await stack.runStore.getRun(runId);
    const letters = await queue.listDeadLetters(runId);
    const poisonResult = (await stack.runStore.getResults(runId, [poisonId])).get(poisonId);
    expect(letters.map((letter) => letter.job.id)).toEqual([poisonId]);
    expect(run?.errors).toEqual([
      expect.objectContaining({ code: "job_dead_lettered", jobId: poisonId, stage: "optimize" }),
    ]);
    expect(run?.errors[0]?.message).toMatch(/bad_program_state/);
    expect(poisonResult).toMatchObject({ status: "error", score: null, errorKind: "dead_letter" });
    expect(await stack.runStore.getCounter(runId, roundCounter(round.step))).toBe(jobs.length);
    expect(stack.sfn.tokenState(taskToken)).toBe("succeeded");
  });
});

async function attributesOf(queueUrl: string): Promise<Record<string, string>> {
  const { GetQueueAttributesCommand } = await import("@aws-sdk/client-sqs");
  const { Attributes = {} } = await stack.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }),
  );
  return Attributes;
}
