import type { Delivery, JobQueue, QueuedJob } from "@judgeloop/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rejectionCode } from "./harness.ts";

export interface JobQueueHarness {
  queue: JobQueue;
  /** Moves time on by `ms`: a manual clock locally, a real wait against an emulator. */
  advance(ms: number): Promise<void>;
  /** The smallest delay worth using (SQS counts seconds); default 1000 ms. */
  unitMs?: number;
  /** A second consumer connection to the same queue, as another process would open. */
  connect?: () => Promise<JobQueue>;
  /** Drops this connection without acking anything, as a crash would, and opens a new one. */
  reopen?: () => Promise<JobQueue>;
  close(): Promise<void>;
}

const maxReceives = 3;

function jobs(count: number, runId = "run-1"): QueuedJob[] {
  return Array.from({ length: count }, (_, i) => ({ id: `job-${i}`, runId, kind: "judge", payload: { example: i } }));
}

async function receiveAll(queue: JobQueue, visibilityTimeoutMs: number): Promise<Delivery[]> {
  const all: Delivery[] = [];
  for (;;) {
    const batch = await queue.receive(10, visibilityTimeoutMs);
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

const ids = (deliveries: Delivery[]): string[] => deliveries.map((d) => d.job.id).sort();

/**
 * The behaviour every JobQueue adapter must have (at-least-once delivery, visibility timeouts,
 * backoff, dead letters after `maxReceives`), written against the port alone. The factory
 * builds an empty queue with the given `maxReceives`.
 *
 * @example
 * jobQueueContract("InMemoryJobQueue", async ({ maxReceives }) => { const clock = new ManualClock(); ... });
 */
export function jobQueueContract(
  name: string,
  makeHarness: (options: { maxReceives: number }) => Promise<JobQueueHarness>,
): void {
  describe(`${name} (JobQueue contract)`, () => {
    let harness: JobQueueHarness;
    let queue: JobQueue;
    let unit: number;
    let visibility: number;

    beforeEach(async () => {
      harness = await makeHarness({ maxReceives });
      queue = harness.queue;
      unit = harness.unitMs ?? 1000;
      visibility = 2 * unit;
    });
    afterEach(async () => {
      await harness.close();
    });

    it("delivers every enqueued job with its payload, each with its own receipt", async () => {
      await queue.enqueueBatch(jobs(15));

      const deliveries = await receiveAll(queue, visibility);

      expect(ids(deliveries)).toEqual(
        jobs(15)
          .map((job) => job.id)
          .sort(),
      );
      expect(new Set(deliveries.map((d) => d.receipt)).size).toBe(15);
      expect(deliveries.every((d) => d.receiveCount === 1)).toBe(true);
      expect(deliveries.find((d) => d.job.id === "job-7")?.job).toEqual({
        id: "job-7",
        runId: "run-1",
        kind: "judge",
        payload: { example: 7 },
      });
    });

    it("hides a received job until its visibility timeout passes", async () => {
      await queue.enqueueBatch(jobs(1));
      await queue.receive(1, visibility);

      const hidden = await queue.receive(10, visibility);

      expect(hidden).toEqual([]);
    });

    it("delivers a job again, with a new receipt, when its consumer never acks it", async () => {
      await queue.enqueueBatch(jobs(1));
      const [first] = await queue.receive(1, visibility);
      await harness.advance(visibility + unit);

      const [again] = await queue.receive(10, visibility);

      expect(again?.job.id).toBe("job-0");
      expect(again?.receiveCount).toBe(2);
      expect(again?.receipt).not.toBe(first?.receipt);
    });

    it("forgets an acked job for good", async () => {
      await queue.enqueueBatch(jobs(2));
      const [first] = await queue.receive(1, visibility);
      await queue.ack(first?.receipt ?? "");
      await harness.advance(visibility + unit);

      const rest = await receiveAll(queue, visibility);

      expect(ids(rest)).toEqual(["job-0", "job-1"].filter((id) => id !== first?.job.id));
    });

    it("delivers a failed job again only after its retry delay", async () => {
      await queue.enqueueBatch(jobs(1));
      const [first] = await queue.receive(1, visibility);
      await queue.fail(first?.receipt ?? "", { retryDelayMs: 3 * unit, error: "lm_server: openai returned 503" });

      await harness.advance(unit);
      const early = await queue.receive(10, visibility);
      await harness.advance(3 * unit);
      const late = await queue.receive(10, visibility);

      expect(early).toEqual([]);
      expect(late.map((d) => [d.job.id, d.receiveCount])).toEqual([["job-0", 2]]);
    });

    it("dead-letters a job that fails maxReceives times and delivers it no more", async () => {
      await queue.enqueueBatch([...jobs(1), ...jobs(1, "run-2")]);
      const verdicts: boolean[] = [];
      for (let attempt = 0; attempt < maxReceives; attempt++) {
        const [delivery] = (await queue.receive(10, visibility)).filter((d) => d.job.runId === "run-1");
        verdicts.push(
          (await queue.fail(delivery?.receipt ?? "", { retryDelayMs: 0, error: `boom ${attempt}` })).deadLettered,
        );
        await harness.advance(unit);
      }

      const after = await receiveAll(queue, visibility);
      const letters = await queue.listDeadLetters("run-1");

      expect(verdicts).toEqual([false, false, true]);
      expect(after.filter((d) => d.job.runId === "run-1")).toEqual([]);
      expect(letters.map((l) => [l.job.id, l.receiveCount, l.error])).toEqual([["job-0", maxReceives, "boom 2"]]);
      expect(await queue.listDeadLetters("run-2")).toEqual([]);
    });

    it("dead-letters a job whose consumers keep crashing", async () => {
      await queue.enqueueBatch(jobs(1));
      for (let attempt = 0; attempt < maxReceives; attempt++) {
        expect(await queue.receive(1, visibility)).toHaveLength(1);
        await harness.advance(visibility + unit);
      }

      const after = await queue.receive(10, visibility);

      expect(after).toEqual([]);
      expect((await queue.listDeadLetters()).map((l) => [l.job.id, l.receiveCount])).toEqual([["job-0", maxReceives]]);
    });

    it("never hands one job to two concurrent consumers", async () => {
      await queue.enqueueBatch(jobs(30));
      const consumers = harness.connect ? [queue, await harness.connect()] : [queue];

      const batches = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (consumers[i % consumers.length] ?? queue).receive(10, visibility)),
      );

      const received = batches.flat();
      expect(new Set(received.map((d) => d.job.id)).size).toBe(received.length);
      expect(received).toHaveLength(30);
    });

    it("keeps jobs, received or not, through a crash of the consumer's process", async (context) => {
      if (!harness.reopen) return context.skip();
      await queue.enqueueBatch(jobs(3));
      const [held] = await queue.receive(1, visibility);

      const reopened = await harness.reopen();
      const waiting = await receiveAll(reopened, visibility);
      for (const delivery of waiting) await reopened.ack(delivery.receipt);
      await harness.advance(visibility + unit);
      const redelivered = await receiveAll(reopened, visibility);

      expect(waiting).toHaveLength(2);
      expect(redelivered.map((d) => [d.job.id, d.receiveCount])).toEqual([[held?.job.id, 2]]);
    });

    it("refuses receives of fewer than 1 or more than 10 jobs", async () => {
      expect(await rejectionCode(queue.receive(0, visibility))).toBe("bad_receive");
      expect(await rejectionCode(queue.receive(11, visibility))).toBe("bad_receive");
    });

    it("enqueues nothing of a batch that holds an invalid job", async () => {
      const batch = [...jobs(2), { id: "", runId: "run-1", kind: "judge", payload: null }];

      const code = await rejectionCode(queue.enqueueBatch(batch));

      expect(code).toBe("bad_store_key");
      expect(await queue.receive(10, visibility)).toEqual([]);
    });
  });
}
