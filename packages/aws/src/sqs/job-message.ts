import { randomUUID } from "node:crypto";
import { type ArtifactStore, JudgeloopError, jobBodies, type QueuedJob } from "@judgeloop/core";

/** SQS's classic message and batch size limit, which the adapter keeps to by default. */
export const sqsMaxMessageBytes = 262_144;
/** SQS's limit of entries in one SendMessageBatch. */
export const sqsMaxBatchEntries = 10;

/** A job ready to send: its body and the body's size in bytes. */
export interface OutgoingMessage {
  jobId: string;
  body: string;
  bytes: number;
}

export interface EncodeOptions {
  maxMessageBytes: number;
  /** Where bodies over `maxMessageBytes` go; the message then carries only their key. */
  overflow?: ArtifactStore;
}

/**
 * Checks and serializes jobs as SQS message bodies. A body over the size limit is written to
 * the overflow store and replaced by a pointer `{id, runId, kind, payloadKey}`; without an
 * overflow store it is a `job_too_large` error. Throws before anything is sent.
 *
 * @example
 * const messages = await encodeJobMessages(jobs, { maxMessageBytes: sqsMaxMessageBytes, overflow: artifacts });
 */
export async function encodeJobMessages(
  jobs: readonly QueuedJob[],
  options: EncodeOptions,
): Promise<OutgoingMessage[]> {
  const bodies = jobBodies(jobs).map(sqsSafe);
  const oversized = bodies.flatMap((body, position) => (byteLength(body) > options.maxMessageBytes ? [position] : []));
  const { overflow } = options;
  if (oversized.length > 0 && overflow === undefined) {
    const first = jobs[oversized[0] ?? 0];
    throw new JudgeloopError(
      "job_too_large",
      `job ${first?.id} is over ${options.maxMessageBytes} bytes and the queue has no overflow store`,
    );
  }
  return Promise.all(
    jobs.map(async (job, position) => {
      let body = bodies[position] ?? "null";
      if (overflow && oversized.includes(position)) {
        const payloadKey = `queue-payloads/${randomUUID()}.json`;
        await overflow.put(payloadKey, new TextEncoder().encode(body));
        body = JSON.stringify({ id: job.id, runId: job.runId, kind: job.kind, payloadKey });
      }
      return { jobId: job.id, body, bytes: byteLength(body) };
    }),
  );
}

/**
 * Splits messages into SendMessageBatch requests of at most `maxEntries` entries and
 * `maxBytes` bytes in all, keeping their order.
 *
 * @example
 * chunkMessages(messages, { maxEntries: 10, maxBytes: 262_144 }).length; // 3 for 25 small jobs
 */
export function chunkMessages<M extends { bytes: number }>(
  messages: readonly M[],
  limits: { maxEntries: number; maxBytes: number },
): M[][] {
  const chunks: M[][] = [];
  let current: M[] = [];
  let bytes = 0;
  for (const message of messages) {
    if (current.length === limits.maxEntries || (current.length > 0 && bytes + message.bytes > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += message.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The job a message body holds, reading an overflowed payload from the store.
 * Throws `bad_job_message` for a body that is not a job.
 *
 * @example
 * const job = await decodeJobMessage(record.body, artifacts);
 */
export async function decodeJobMessage(body: string, overflow?: ArtifactStore): Promise<QueuedJob> {
  const message = parseJob(body);
  if (!("payloadKey" in message) || "payload" in message) return asJob(message);
  const payloadKey = String(message.payloadKey);
  if (!overflow)
    throw new JudgeloopError("bad_job_message", `job ${message.id} is in ${payloadKey}; no overflow store given`);
  const stored = await overflow.get(payloadKey);
  if (stored === null) throw new JudgeloopError("bad_job_message", `job ${message.id}: ${payloadKey} is missing`);
  return asJob(parseJob(new TextDecoder().decode(stored)));
}

function asJob(message: Record<string, unknown>): QueuedJob {
  return { id: String(message.id), runId: String(message.runId), kind: String(message.kind), payload: message.payload };
}

function parseJob(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new JudgeloopError("bad_job_message", "a queue message is not JSON", { cause: error });
  }
  const job = value as Record<string, unknown> | null;
  if (typeof job !== "object" || job === null || !["id", "runId", "kind"].every((f) => typeof job[f] === "string")) {
    throw new JudgeloopError("bad_job_message", "a queue message is not a job (needs string id, runId and kind)");
  }
  return job;
}

/**
 * SQS refuses U+FFFE and U+FFFF; in JSON text they only occur inside strings, where an escape
 * means the same. Characters beyond the Basic Multilingual Plane (emoji) are escaped too, as
 * their surrogate pairs: SQS takes them, but emulators such as fauxqs refuse them, and the
 * escaped body parses to the same job.
 */
function sqsSafe(body: string): string {
  const escaped = (unit: string) => `\\u${unit.charCodeAt(0).toString(16)}`;
  return body
    .replace(/[\uFFFE\uFFFF]/g, escaped)
    .replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, (pair) => `${escaped(pair[0] ?? "")}${escaped(pair[1] ?? "")}`);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
