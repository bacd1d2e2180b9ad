import { checkFailOptions, checkMaxReceives, checkReceive, defaultMaxReceives, jobBodies } from "../job-checks.ts";
import type { DeadLetter, Delivery, FailOptions, JobQueue, QueuedJob } from "../job-queue.ts";

export interface InMemoryJobQueueOptions {
  /** Receives after which an unacked job is dead-lettered; default 5. */
  maxReceives?: number;
  /** Epoch milliseconds; inject a manual clock to step past timeouts in tests. */
  now?: () => number;
}

interface Message {
  seq: number;
  body: string;
  visibleAt: number;
  receiveCount: number;
  receipt: string | null;
  lastError: string | null;
}

/**
 * A JobQueue in memory with the embedded queue's semantics (visibility timeouts, backoff on
 * fail, dead letters after `maxReceives`, a waiting job id enqueued twice kept once), for
 * core tests. Nothing survives the process: use SqliteJobQueue where that matters.
 *
 * @example
 * let now = 0;
 * const queue = new InMemoryJobQueue({ maxReceives: 3, now: () => now });
 * await queue.enqueueBatch([{ id: "j1", runId: "run-1", kind: "judge", payload: {} }]);
 * const [delivery] = await queue.receive(1, 30_000);
 * now += 30_001; // not acked in time: it is delivered again
 */
export class InMemoryJobQueue implements JobQueue {
  private readonly maxReceives: number;
  private readonly now: () => number;
  private readonly messages = new Map<string, Message>();
  private readonly dead = new Map<string, DeadLetter>();
  private nextSeq = 1;
  private nextReceipt = 1;

  constructor(options: InMemoryJobQueueOptions = {}) {
    this.maxReceives = options.maxReceives ?? defaultMaxReceives;
    checkMaxReceives(this.maxReceives);
    this.now = options.now ?? Date.now;
  }

  async enqueueBatch(jobs: readonly QueuedJob[]): Promise<void> {
    const bodies = jobBodies(jobs);
    const visibleAt = this.now();
    jobs.forEach((job, position) => {
      const key = messageKey(job.runId, job.id);
      if (this.messages.has(key)) return;
      const body = bodies[position] ?? "null";
      this.messages.set(key, { seq: this.nextSeq++, body, visibleAt, receiveCount: 0, receipt: null, lastError: null });
    });
  }

  async receive(max: number, visibilityTimeoutMs: number): Promise<Delivery[]> {
    checkReceive(max, visibilityTimeoutMs);
    const now = this.now();
    const deliveries: Delivery[] = [];
    const visible = [...this.messages].filter(([, m]) => m.visibleAt <= now).sort(([, a], [, b]) => a.seq - b.seq);
    for (const [key, message] of visible) {
      if (deliveries.length === max) break;
      if (message.receiveCount >= this.maxReceives) {
        this.deadLetter(key, message, now);
        continue;
      }
      message.receiveCount += 1;
      message.receipt = `receipt-${this.nextReceipt++}`;
      message.visibleAt = now + visibilityTimeoutMs;
      deliveries.push({ job: JSON.parse(message.body), receipt: message.receipt, receiveCount: message.receiveCount });
    }
    return deliveries;
  }

  async ack(receipt: string): Promise<void> {
    const found = this.byReceipt(receipt);
    if (found) this.messages.delete(found[0]);
  }

  async fail(receipt: string, options: FailOptions): Promise<{ deadLettered: boolean }> {
    checkFailOptions(options);
    const found = this.byReceipt(receipt);
    if (!found) return { deadLettered: false };
    const [key, message] = found;
    message.lastError = options.error;
    message.receipt = null;
    if (message.receiveCount >= this.maxReceives) {
      this.deadLetter(key, message, this.now());
      return { deadLettered: true };
    }
    message.visibleAt = this.now() + options.retryDelayMs;
    return { deadLettered: false };
  }

  async listDeadLetters(runId?: string): Promise<DeadLetter[]> {
    return [...this.dead.values()]
      .filter((letter) => runId === undefined || letter.job.runId === runId)
      .map((letter) => JSON.parse(JSON.stringify(letter)) as DeadLetter);
  }

  private byReceipt(receipt: string): [string, Message] | undefined {
    return [...this.messages].find(([, message]) => message.receipt === receipt);
  }

  private deadLetter(key: string, message: Message, now: number): void {
    this.messages.delete(key);
    const job = JSON.parse(message.body) as QueuedJob;
    this.dead.set(key, { job, receiveCount: message.receiveCount, error: message.lastError, deadAt: now });
  }
}

function messageKey(runId: string, jobId: string): string {
  return `${runId}\u0000${jobId}`;
}
