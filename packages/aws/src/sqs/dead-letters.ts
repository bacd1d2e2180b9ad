import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { DeadLetter, QueuedJob } from "@judgeloop/core";
import { awsErrorName } from "../aws-errors.ts";
import type { AdapterLogger } from "../logger.ts";

const errorAttribute = "judgeloop.error";
const receiveCountAttribute = "judgeloop.receiveCount";
const deadAtAttribute = "judgeloop.deadAt";
const maxErrorLength = 1000;

/**
 * The message attributes of a job the queue dead-letters itself: why, after how many
 * receives, and when. (The redrive policy's dead letters carry none of them.)
 *
 * @example
 * deadLetterAttributes({ error: "rate_limited: 429", receiveCount: 5, deadAt: Date.now() });
 */
export function deadLetterAttributes(letter: {
  error: string;
  receiveCount: number;
  deadAt: number;
}): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {
    [receiveCountAttribute]: { DataType: "Number", StringValue: String(letter.receiveCount) },
    [deadAtAttribute]: { DataType: "Number", StringValue: String(letter.deadAt) },
  };
  const error = letter.error.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g, "?").slice(0, maxErrorLength);
  if (error.length > 0) attributes[errorAttribute] = { DataType: "String", StringValue: error };
  return attributes;
}

export interface PeekOptions {
  queueUrl: string;
  maxReceives: number;
  decode: (body: string) => Promise<QueuedJob>;
  logger: AdapterLogger;
  /** How long peeked messages stay hidden while the listing runs; default 30 s. */
  peekSeconds?: number;
  /** A bound on receive calls; default 1,000 (10,000 dead letters). */
  maxRounds?: number;
}

/**
 * Every dead letter of a dead-letter queue, oldest first, one per (run, job) (the latest):
 * receives until the queue is empty, then makes every received message visible again.
 *
 * @example
 * const letters = await peekDeadLetters(sqs, { queueUrl: dlqUrl, maxReceives: 5, decode, logger: console });
 */
export async function peekDeadLetters(client: SQSClient, options: PeekOptions): Promise<DeadLetter[]> {
  const seen = new Map<string, Message>();
  try {
    for (let round = 0; round < (options.maxRounds ?? 1000); round++) {
      const { Messages } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: options.peekSeconds ?? 30,
          MessageAttributeNames: ["All"],
          MessageSystemAttributeNames: ["SentTimestamp"],
        }),
      );
      const fresh = (Messages ?? []).filter((message) => message.MessageId && !seen.has(message.MessageId));
      if (fresh.length === 0) break;
      for (const message of fresh) seen.set(message.MessageId ?? "", message);
    }
  } finally {
    await makeVisible(client, options.queueUrl, [...seen.values()]);
  }
  const latest = new Map<string, DeadLetter>();
  for (const message of seen.values()) {
    const letter = await toDeadLetter(message, options);
    if (!letter) continue;
    const key = `${letter.job.runId}/${letter.job.id}`;
    const previous = latest.get(key);
    if (!previous || previous.deadAt <= letter.deadAt) latest.set(key, letter);
  }
  return [...latest.values()].sort(
    (a, b) => a.deadAt - b.deadAt || compare(a.job.runId, b.job.runId) || compare(a.job.id, b.job.id),
  );
}

async function toDeadLetter(message: Message, options: PeekOptions): Promise<DeadLetter | null> {
  let job: QueuedJob;
  try {
    job = await options.decode(message.Body ?? "");
  } catch (error) {
    options.logger.warn("skipped a dead letter that is not a job", {
      messageId: message.MessageId,
      code: codeOf(error),
    });
    return null;
  }
  const attributes = message.MessageAttributes ?? {};
  const number = (name: string) => {
    const value = attributes[name]?.StringValue;
    return value === undefined ? undefined : Number(value);
  };
  return {
    job,
    receiveCount: number(receiveCountAttribute) ?? options.maxReceives,
    error: attributes[errorAttribute]?.StringValue ?? null,
    deadAt: number(deadAtAttribute) ?? Number(message.Attributes?.SentTimestamp ?? 0),
  };
}

async function makeVisible(client: SQSClient, queueUrl: string, messages: Message[]): Promise<void> {
  for (let start = 0; start < messages.length; start += 10) {
    const entries = messages.slice(start, start + 10).map((message, position) => ({
      Id: String(position),
      ReceiptHandle: message.ReceiptHandle ?? "",
      VisibilityTimeout: 0,
    }));
    await client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : (awsErrorName(error) ?? "error");
}
