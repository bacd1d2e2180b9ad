import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import {
  type ArtifactStore,
  checkFailOptions,
  checkMaxReceives,
  checkReceive,
  type DeadLetter,
  type Delivery,
  defaultMaxReceives,
  type FailOptions,
  type JobQueue,
  JudgeloopError,
  type QueuedJob,
} from "@judgeloop/core";
import { awsErrorName, isAwsError } from "../aws-errors.ts";
import type { AdapterLogger } from "../logger.ts";
import { deadLetterAttributes, drainDeadLetters, peekDeadLetters, readArchivedDeadLetters } from "./dead-letters.ts";
import {
  chunkMessages,
  decodeJobMessage,
  encodeJobMessages,
  type OutgoingMessage,
  sqsMaxBatchEntries,
  sqsMaxMessageBytes,
} from "./job-message.ts";

export interface SqsJobQueueOptions {
  queueUrl: string;
  /** The queue's redrive target. */
  deadLetterQueueUrl: string;
  /** Must equal the queue's redrive policy `maxReceiveCount`; default 5. */
  maxReceives?: number;
  /** Where job bodies over `maxMessageBytes` go; without it such a job is an error. */
  overflow?: ArtifactStore;
  /**
   * Where dead letters are archived per run (`dead-letters/<runId>/<jobId>.json`): with it,
   * `listDeadLetters` drains the dead-letter queue into it and reads the run's files; without
   * it, `listDeadLetters` only peeks.
   */
  deadLetterArchive?: ArtifactStore;
  /** Default 256 KiB, for both one message and one SendMessageBatch. */
  maxMessageBytes?: number;
  /** Long polling: how long `receive` may wait for a first job; default 0 (return at once). */
  waitTimeSeconds?: number;
  /** SendMessageBatch requests in flight at once; default 4. */
  sendConcurrency?: number;
  /** Epoch milliseconds, for dead-letter times; default the system clock. */
  now?: () => number;
  logger?: AdapterLogger;
}

const maxVisibilitySeconds = 43_200;
const sendAttempts = 3;
/** How long a job being dead-lettered stays hidden, so no consumer receives it meanwhile. */
const deadLetterMoveMs = 60_000;

interface HeldDelivery {
  body: string;
  receiveCount: number;
  hiddenUntil: number;
}

/**
 * A JobQueue on an SQS standard queue with a redrive policy. Enqueueing sends batches of at
 * most 10 messages and 256 KiB; receiving hides messages for the visibility timeout (whole
 * seconds); `fail` is a ChangeMessageVisibility (the backoff), and on the last allowed receive
 * moves the job to the dead-letter queue itself, so the dead letter keeps the error. A consumer
 * that dies is covered by the redrive policy (those dead letters have no error).
 *
 * `fail` knows a job's receive count only for deliveries this instance received; for others
 * (say, receipts from a Lambda event) it only changes the visibility, and the redrive policy
 * dead-letters the job on its next receive. Lambda workers report failures with
 * `toBatchItemFailures` instead.
 *
 * @example
 * const queue = new SqsJobQueue(sqs, { queueUrl, deadLetterQueueUrl, maxReceives: 5, overflow: artifacts });
 * await queue.enqueueBatch(jobs);
 */
export class SqsJobQueue implements JobQueue {
  private readonly client: SQSClient;
  private readonly options: SqsJobQueueOptions;
  private readonly maxReceives: number;
  private readonly maxMessageBytes: number;
  private readonly now: () => number;
  private readonly logger: AdapterLogger;
  private readonly held = new Map<string, HeldDelivery>();

  constructor(client: SQSClient, options: SqsJobQueueOptions) {
    this.client = client;
    this.options = options;
    this.maxReceives = options.maxReceives ?? defaultMaxReceives;
    checkMaxReceives(this.maxReceives);
    this.maxMessageBytes = options.maxMessageBytes ?? sqsMaxMessageBytes;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? console;
  }

  async enqueueBatch(jobs: readonly QueuedJob[]): Promise<void> {
    const messages = await encodeJobMessages(jobs, {
      maxMessageBytes: this.maxMessageBytes,
      overflow: this.options.overflow,
    });
    const chunks = chunkMessages(messages, { maxEntries: sqsMaxBatchEntries, maxBytes: this.maxMessageBytes });
    const concurrency = Math.max(1, this.options.sendConcurrency ?? 4);
    let next = 0;
    const sender = async () => {
      for (let chunk = chunks[next++]; chunk !== undefined; chunk = chunks[next++]) await this.sendBatch(chunk);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, sender));
  }

  async receive(max: number, visibilityTimeoutMs: number): Promise<Delivery[]> {
    checkReceive(max, visibilityTimeoutMs);
    const visibilitySeconds = toSeconds(visibilityTimeoutMs);
    const { Messages } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: max,
        VisibilityTimeout: visibilitySeconds,
        WaitTimeSeconds: this.options.waitTimeSeconds ?? 0,
        MessageSystemAttributeNames: ["ApproximateReceiveCount"],
      }),
    );
    this.forgetExpired();
    const deliveries: Delivery[] = [];
    for (const message of Messages ?? []) {
      const delivery = await this.toDelivery(message);
      if (!delivery) continue;
      const hiddenUntil = this.now() + visibilitySeconds * 1000;
      this.held.set(delivery.receipt, { body: message.Body ?? "", receiveCount: delivery.receiveCount, hiddenUntil });
      deliveries.push(delivery);
    }
    return deliveries;
  }

  async ack(receipt: string): Promise<void> {
    this.held.delete(receipt);
    try {
      await this.client.send(new DeleteMessageCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: receipt }));
    } catch (error) {
      if (!isStaleReceipt(error)) throw error;
    }
  }

  async fail(receipt: string, options: FailOptions): Promise<{ deadLettered: boolean }> {
    checkFailOptions(options);
    const held = this.held.get(receipt);
    this.held.delete(receipt);
    const last = held !== undefined && held.receiveCount >= this.maxReceives;
    // Also proves the receipt is current; a last one stays hidden while it moves to the DLQ.
    if (!(await this.hide(receipt, last ? deadLetterMoveMs : options.retryDelayMs))) return { deadLettered: false };
    if (!held || !last) return { deadLettered: false };
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        MessageBody: held.body,
        MessageAttributes: deadLetterAttributes({
          error: options.error,
          receiveCount: held.receiveCount,
          deadAt: this.now(),
        }),
      }),
    );
    await this.ack(receipt);
    return { deadLettered: true };
  }

  /**
   * Messages waiting to be received (SQS's ApproximateNumberOfMessages: approximate, and not
   * counting those in flight), what a new round queues up behind.
   */
  async visibleCount(): Promise<number> {
    const { Attributes } = await this.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.options.queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0) || 0;
  }

  /**
   * Dead letters. With `deadLetterArchive`: drains the dead-letter queue into the archive (each
   * letter under its own run) and reads the archived letters of `runId`, so one run's reader
   * neither hides nor misses another's. Without it: a peek, receiving every message and making
   * each visible again (concurrent readers may see a partial list). A job the redrive policy
   * moved reports `maxReceives` receives, no error, and its enqueue time as `deadAt`.
   */
  async listDeadLetters(runId?: string): Promise<DeadLetter[]> {
    const read = {
      queueUrl: this.options.deadLetterQueueUrl,
      maxReceives: this.maxReceives,
      decode: (body: string) => decodeJobMessage(body, this.options.overflow),
      logger: this.logger,
    };
    const archive = this.options.deadLetterArchive;
    if (archive) {
      await drainDeadLetters(this.client, archive, read);
      return readArchivedDeadLetters(archive, runId);
    }
    const letters = await peekDeadLetters(this.client, read);
    return letters.filter((letter) => runId === undefined || letter.job.runId === runId);
  }

  private async sendBatch(chunk: OutgoingMessage[]): Promise<void> {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const { Failed } = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: pending.map((message, position) => ({ Id: String(position), MessageBody: message.body })),
        }),
      );
      const failed = Failed ?? [];
      const retryable = failed.every((entry) => !entry.SenderFault);
      if (failed.length > 0 && (attempt === sendAttempts || !retryable)) {
        const codes = [...new Set(failed.map((entry) => entry.Code))].join(", ");
        throw new JudgeloopError("enqueue_failed", `${failed.length} jobs were not enqueued (${codes})`);
      }
      pending = failed.flatMap((entry) => pending[Number(entry.Id)] ?? []);
    }
  }

  private async toDelivery(message: Message): Promise<Delivery | null> {
    const receipt = message.ReceiptHandle;
    if (receipt === undefined) return null;
    try {
      const job = await decodeJobMessage(message.Body ?? "", this.options.overflow);
      return { job, receipt, receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1) };
    } catch (error) {
      // Left hidden: the redrive policy dead-letters it after maxReceives.
      this.logger.warn("skipped a queue message that is not a job", {
        messageId: message.MessageId,
        code: codeOf(error),
      });
      return null;
    }
  }

  /** Hides a held message for `delayMs`; false when the receipt is no longer current. */
  private async hide(receipt: string, delayMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.options.queueUrl,
          ReceiptHandle: receipt,
          VisibilityTimeout: toSeconds(delayMs),
        }),
      );
      return true;
    } catch (error) {
      if (isStaleReceipt(error)) return false;
      throw error;
    }
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [receipt, held] of this.held) if (held.hiddenUntil < now) this.held.delete(receipt);
  }
}

function toSeconds(ms: number): number {
  return Math.min(maxVisibilitySeconds, Math.ceil(ms / 1000));
}

function isStaleReceipt(error: unknown): boolean {
  return isAwsError(error, "ReceiptHandleIsInvalid", "MessageNotInflight", "InvalidParameterValue");
}

function codeOf(error: unknown): string {
  return error instanceof JudgeloopError ? error.code : (awsErrorName(error) ?? "error");
}
