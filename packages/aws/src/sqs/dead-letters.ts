import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { ArtifactStore, DeadLetter, QueuedJob } from "@judgeloop/core";
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
  /**
   * Long polling per receive; default 1 s. Any wait above 0 makes SQS ask all of its servers,
   * where a short poll samples a subset and can come back empty while messages exist.
   */
  waitTimeSeconds?: number;
  /** Empty receives in a row before the queue's counts are asked whether it is empty; default 3. */
  emptyReceives?: number;
  /** How long the listing may keep receiving, in milliseconds; default 20 s. */
  deadlineMs?: number;
  /** Epoch milliseconds, for the deadline; default the system clock. */
  now?: () => number;
}

/**
 * Every dead letter of a dead-letter queue, oldest first, one per (run, job) (the latest):
 * receives (long polling) until `emptyReceives` receives in a row came back empty and the
 * queue's approximate counts agree that nothing is left but what this listing holds, or the
 * deadline passes; then makes every received message visible again.
 *
 * @example
 * const letters = await peekDeadLetters(sqs, { queueUrl: dlqUrl, maxReceives: 5, decode, logger: console });
 */
export async function peekDeadLetters(client: SQSClient, options: PeekOptions): Promise<DeadLetter[]> {
  const seen = new Map<string, Message>();
  try {
    await receiveAll(client, options, seen);
  } finally {
    await makeVisible(client, options.queueUrl, [...seen.values()]);
  }
  return latestPerJob(await decodeAll([...seen.values()], options));
}

/** Where a run's archived dead letters live: scratch (see `isScratchKey`), so they expire. */
export function deadLetterPrefix(runId: string): string {
  return `dead-letters/${encodeURIComponent(runId)}/`;
}

/**
 * Moves every dead letter of the queue into `archive`, one file per (run, job) under
 * `deadLetterPrefix(runId)` (the latest by `deadAt` wins, so a job dead-lettered twice is
 * recorded once), deleting each message once its file is written. A message that is not a job
 * is made visible again and left. Readers of one run then read that run's files only, and the
 * queue does not fill up with runs long gone.
 *
 * @example
 * await drainDeadLetters(sqs, artifacts, { queueUrl: dlqUrl, maxReceives: 5, decode, logger: console });
 */
export async function drainDeadLetters(client: SQSClient, archive: ArtifactStore, options: PeekOptions): Promise<void> {
  const seen = new Map<string, Message>();
  const archived: Message[] = [];
  try {
    await receiveAll(client, options, seen);
    for (const message of seen.values()) {
      const letter = await toDeadLetter(message, options);
      if (!letter) continue;
      await archiveLetter(archive, letter);
      archived.push(message);
    }
    await deleteMessages(client, options.queueUrl, archived);
  } finally {
    const done = new Set(archived);
    await makeVisible(
      client,
      options.queueUrl,
      [...seen.values()].filter((message) => !done.has(message)),
    );
  }
}

/** A run's archived dead letters, oldest first. */
export async function readArchivedDeadLetters(archive: ArtifactStore, runId?: string): Promise<DeadLetter[]> {
  const keys = await archive.list(runId === undefined ? "dead-letters/" : deadLetterPrefix(runId));
  const letters: DeadLetter[] = [];
  for (const key of keys) {
    const body = await archive.get(key);
    if (body) letters.push(JSON.parse(new TextDecoder().decode(body)) as DeadLetter);
  }
  return latestPerJob(letters);
}

async function archiveLetter(archive: ArtifactStore, letter: DeadLetter): Promise<void> {
  const key = `${deadLetterPrefix(letter.job.runId)}${encodeURIComponent(letter.job.id)}.json`;
  const existing = await archive.get(key);
  if (existing) {
    const previous = JSON.parse(new TextDecoder().decode(existing)) as DeadLetter;
    if (previous.deadAt > letter.deadAt) return;
  }
  await archive.put(key, new TextEncoder().encode(JSON.stringify(letter)));
}

async function deleteMessages(client: SQSClient, queueUrl: string, messages: Message[]): Promise<void> {
  for (let start = 0; start < messages.length; start += 10) {
    const entries = messages.slice(start, start + 10).map((message, position) => ({
      Id: String(position),
      ReceiptHandle: message.ReceiptHandle ?? "",
    }));
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
}

/**
 * Receives into `seen` until the queue looks drained. One empty receive proves nothing on
 * real SQS, so it takes several in a row, and then the queue's counts as a second opinion.
 */
async function receiveAll(client: SQSClient, options: PeekOptions, seen: Map<string, Message>): Promise<void> {
  const now = options.now ?? Date.now;
  const deadline = now() + (options.deadlineMs ?? 20_000);
  const emptyNeeded = options.emptyReceives ?? 3;
  let empty = 0;
  for (let round = 0; round < (options.maxRounds ?? 1000) && now() < deadline; round++) {
    const { Messages } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: options.peekSeconds ?? 30,
        WaitTimeSeconds: options.waitTimeSeconds ?? 1,
        MessageAttributeNames: ["All"],
        MessageSystemAttributeNames: ["SentTimestamp"],
      }),
    );
    const fresh = (Messages ?? []).filter((message) => message.MessageId && !seen.has(message.MessageId));
    for (const message of fresh) seen.set(message.MessageId ?? "", message);
    empty = fresh.length === 0 ? empty + 1 : 0;
    if (empty >= emptyNeeded && (await looksDrained(client, options.queueUrl, seen.size))) return;
  }
  options.logger.warn("stopped listing dead letters before the queue looked drained", { received: seen.size });
}

/** True when no message is visible and no more are hidden than this listing itself hides. */
async function looksDrained(client: SQSClient, queueUrl: string, held: number): Promise<boolean> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  const visible = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  const hidden = Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  return visible === 0 && hidden <= held;
}

async function decodeAll(messages: Message[], options: PeekOptions): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  for (const message of messages) {
    const letter = await toDeadLetter(message, options);
    if (letter) letters.push(letter);
  }
  return letters;
}

function latestPerJob(letters: DeadLetter[]): DeadLetter[] {
  const latest = new Map<string, DeadLetter>();
  for (const letter of letters) {
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
