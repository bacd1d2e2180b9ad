import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as worker } from "../../functions/worker.ts";
import { type AwsStack, startAwsStack, testMaxReceives } from "./support/aws-stack.ts";
import { dispatchFirstRound } from "./support/round-fixture.ts";
import { startWorkerLoop } from "./support/worker-loop.ts";

// The queue's visibility as the event source mapping receives (the deployed queue's is 720 s).
const visibilitySeconds = 60;

let stack: AwsStack;

beforeAll(async () => {
  stack = await startAwsStack();
  process.env.JUDGELOOP_RETRY_BASE_SECONDS = "1";
  process.env.JUDGELOOP_RETRY_MAX_SECONDS = "30";
});

afterAll(async () => {
  delete process.env.JUDGELOOP_RETRY_BASE_SECONDS;
  delete process.env.JUDGELOOP_RETRY_MAX_SECONDS;
  await stack?.stop();
});

describe("a failed job's retry backoff (functions/worker.ts) on fauxqs", () => {
  it("hides a failed job for its backoff by receive count, not the queue's visibility, and reports only it as failed", async () => {
    // Prepare: a round whose first trace job cannot run, on a queue of its own
    const { jobs, queueUrl } = await dispatchFirstRound(stack, "run-backoff", { poison: true });
    const poisonId = jobs.find((job) => job.kind === "trace")?.id ?? "";
    const deliveries: { receiveCount: number; at: number }[] = [];
    const failures: string[][] = [];
    const started = performance.now();
    const loop = startWorkerLoop({
      sqs: stack.clients.sqs,
      queueUrl,
      handler: async (event: SQSEvent): Promise<SQSBatchResponse> => {
        for (const record of event.Records) {
          if (record.body.includes(`"id":"${poisonId}"`)) {
            deliveries.push({
              receiveCount: Number(record.attributes.ApproximateReceiveCount),
              at: (performance.now() - started) / 1000,
            });
          }
        }
        const response = await worker(event);
        failures.push(response.batchItemFailures.map((failure) => failure.itemIdentifier));
        return response;
      },
      visibilitySeconds,
      // As Lambda: a record reported failed is not made visible by the mapping.
      failed: "keep",
    });

    // Act: every delivery the redrive policy allows, well inside one visibility timeout
    const deadline = Date.now() + 30_000;
    while (deliveries.length < testMaxReceives && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await loop.stop();
    const attributes = await stack.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessagesNotVisible"] }),
    );

    // Assess
    expect(deliveries.map((delivery) => delivery.receiveCount)).toEqual([1, 2, 3]);
    const gaps = deliveries.slice(1).map((delivery, i) => delivery.at - (deliveries[i]?.at ?? 0));
    // Receive 1 failed: hidden 1 s (base 1 s); receive 2: 1–2 s (2 s with equal jitter). Never the 60 s.
    expect(gaps[0]).toBeGreaterThan(0.5);
    expect(gaps[0]).toBeLessThan(5);
    expect(gaps[1]).toBeGreaterThan(0.5);
    expect(gaps[1]).toBeLessThan(6);
    expect(deliveries.at(-1)?.at).toBeLessThan(visibilitySeconds / 2);
    // Only the poison job was ever reported failed; its last receive is left hidden for the redrive policy.
    const failedIds = new Set(failures.flat());
    expect(failedIds.size).toBe(1);
    expect(Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible)).toBe(1);
  }, 60_000);
});
