import type { SQSClient } from "@aws-sdk/client-sqs";
import {
  DynamoRunStore,
  deliveryFromRecord,
  S3ArtifactStore,
  SqsJobQueue,
  type SqsJobQueueOptions,
  toBatchItemFailures,
} from "@judgeloop/aws";
import type { QueuedJob } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejectionCode } from "../harness.ts";
import { type AwsEmulators, startAwsEmulators } from "./aws-fixtures.ts";

let aws: AwsEmulators;

beforeAll(async () => {
  aws = await startAwsEmulators();
});

afterAll(async () => {
  await aws.stop();
});

function jobs(count: number, payload: (i: number) => unknown = (i) => ({ example: i })): QueuedJob[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `job-${i}`,
    runId: "run-1",
    kind: "judge",
    payload: payload(i),
  }));
}

async function freshQueue(maxReceives: number, options: Partial<SqsJobQueueOptions> = {}) {
  const urls = await aws.freshQueues(maxReceives);
  return { urls, queue: new SqsJobQueue(aws.fauxqs.sqs, { ...urls, maxReceives, ...options }) };
}

/** Counts the entries of each SendMessageBatch the client sends, on the wire's way out. */
function countBatches(client: SQSClient): { sizes: number[]; stop(): void } {
  const sizes: number[] = [];
  const name = `count-batches-${Math.random()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Entries?: unknown[] };
      if (context.commandName === "SendMessageBatchCommand") sizes.push(input.Entries?.length ?? 0);
      return next(args);
    },
    { step: "initialize", name },
  );
  return { sizes, stop: () => client.middlewareStack.remove(name) };
}

describe("SqsJobQueue", () => {
  it("sends 25 jobs as SendMessageBatch requests of 10, 10 and 5", async () => {
    const { queue } = await freshQueue(3);
    const batches = countBatches(aws.fauxqs.sqs);

    await queue.enqueueBatch(jobs(25)).finally(() => batches.stop());

    expect(batches.sizes.sort((a, b) => b - a)).toEqual([10, 10, 5]);
  });

  it("starts a new batch before a batch passes 256 KiB", async () => {
    const { queue } = await freshQueue(3);
    const batches = countBatches(aws.fauxqs.sqs);

    await queue.enqueueBatch(jobs(6, () => ({ text: "x".repeat(100_000) }))).finally(() => batches.stop());

    expect(batches.sizes).toEqual([2, 2, 2]);
    const received = [...(await queue.receive(10, 30_000)), ...(await queue.receive(10, 30_000))];
    expect(received).toHaveLength(6);
  });

  it("moves a job over the message limit to S3 and hands it back whole", async () => {
    const artifacts = new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, prefix: aws.freshPrefix() });
    const { queue } = await freshQueue(3, { overflow: artifacts });
    const big = { transcript: "Customer: my bag is lost. ".repeat(12_000) };

    await queue.enqueueBatch([{ id: "job-big", runId: "run-1", kind: "generate", payload: big }]);
    const [delivery] = await queue.receive(1, 30_000);

    expect(delivery?.job.payload).toEqual(big);
    expect(await artifacts.list("queue-payloads/")).toHaveLength(1);
  });

  it("refuses a job over the message limit when there is no overflow store, sending nothing", async () => {
    const { queue } = await freshQueue(3);

    const code = await rejectionCode(queue.enqueueBatch([...jobs(2), ...jobs(1, () => "x".repeat(300_000))]));

    expect(code).toBe("job_too_large");
    expect(await queue.receive(10, 30_000)).toEqual([]);
  });

  it("sends a poison job to the dead-letter queue after maxReceives failures, with its last error", async () => {
    const { queue } = await freshQueue(3);
    await queue.enqueueBatch([{ id: "job-poison", runId: "run-9", kind: "judge", payload: { bad: true } }]);

    const verdicts: boolean[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [delivery] = await queue.receive(1, 30_000);
      const error = `parse_error: attempt ${attempt}`;
      verdicts.push((await queue.fail(delivery?.receipt ?? "", { retryDelayMs: 0, error })).deadLettered);
    }

    expect(verdicts).toEqual([false, false, true]);
    expect(await queue.receive(10, 30_000)).toEqual([]);
    const [letter] = await queue.listDeadLetters("run-9");
    expect(letter).toMatchObject({ job: { id: "job-poison" }, receiveCount: 3, error: "parse_error: attempt 3" });
  });

  it("leaves dead letters in place when listing them", async () => {
    const { queue } = await freshQueue(1);
    await queue.enqueueBatch(jobs(12));
    for (const delivery of [...(await queue.receive(10, 30_000)), ...(await queue.receive(10, 30_000))]) {
      await queue.fail(delivery.receipt, { retryDelayMs: 0, error: "boom" });
    }

    const first = await queue.listDeadLetters();
    const second = await queue.listDeadLetters("run-1");

    expect(first).toHaveLength(12);
    expect(second.map((l) => l.job.id).sort()).toEqual(first.map((l) => l.job.id).sort());
  });

  it("lets a duplicated delivery store and count its job once", async () => {
    const { queue } = await freshQueue(5);
    const runs = new DynamoRunStore(aws.dynamo.dynamodb, { tableName: await aws.freshTable() });
    await queue.enqueueBatch(jobs(1));
    // A consumer that is too slow: its visibility lapses and a second consumer gets the job too.
    const [slow] = await queue.receive(1, 0);
    const [fast] = await queue.receive(1, 30_000);

    const handled = await Promise.all(
      [fast, slow].map(async (delivery) => {
        const jobId = delivery?.job.id ?? "";
        const { stored } = await runs.putResultOnce("run-1", jobId, { score: 1 });
        const { counted } = await runs.countOnce("run-1", "candidate-0:done", jobId);
        await queue.ack(delivery?.receipt ?? "");
        return { stored, counted };
      }),
    );

    expect(slow?.job.id).toBe(fast?.job.id);
    expect(handled.filter((h) => h.stored)).toHaveLength(1);
    expect(handled.filter((h) => h.counted)).toHaveLength(1);
    expect(await runs.getCounter("run-1", "candidate-0:done")).toBe(1);
  });
});

describe("deliveryFromRecord", () => {
  it("reads the job of a Lambda SQS record", async () => {
    const record = {
      messageId: "m-1",
      receiptHandle: "r-1",
      body: JSON.stringify(jobs(1)[0]),
      attributes: { ApproximateReceiveCount: "2" },
    };

    const delivery = await deliveryFromRecord(record);

    expect(delivery).toEqual({ job: jobs(1)[0], receipt: "r-1", receiveCount: 2 });
  });

  it("rejects a record that is not a job", async () => {
    const record = {
      messageId: "m",
      receiptHandle: "r",
      body: '{"hello":1}',
      attributes: { ApproximateReceiveCount: "1" },
    };

    expect(await rejectionCode(deliveryFromRecord(record))).toBe("bad_job_message");
  });
});

describe("toBatchItemFailures", () => {
  it("lists each failed message once, for Lambda to redeliver", () => {
    expect(toBatchItemFailures(["m-2", "m-5", "m-2"])).toEqual({
      batchItemFailures: [{ itemIdentifier: "m-2" }, { itemIdentifier: "m-5" }],
    });
    expect(toBatchItemFailures([])).toEqual({ batchItemFailures: [] });
  });
});
