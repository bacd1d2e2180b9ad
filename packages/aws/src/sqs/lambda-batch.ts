import type { ArtifactStore, Delivery } from "@judgeloop/core";
import { decodeJobMessage } from "./job-message.ts";

/** The fields of an SQS record in a Lambda event that a worker needs (aws-lambda's SQSRecord fits). */
export interface SqsRecordLike {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: { ApproximateReceiveCount: string };
}

/** Lambda's partial batch response: the records to deliver again. */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * The Delivery an SQS record of a Lambda event holds, reading an overflowed payload from the
 * store. Throws `bad_job_message` for a record that is not a job.
 *
 * @example
 * const delivery = await deliveryFromRecord(record, artifacts);
 */
export async function deliveryFromRecord(record: SqsRecordLike, overflow?: ArtifactStore): Promise<Delivery> {
  const job = await decodeJobMessage(record.body, overflow);
  return { job, receipt: record.receiptHandle, receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1 };
}

/**
 * The partial batch response that redelivers exactly the failed records (by message id), each
 * once. An empty list acknowledges the whole batch. The event source mapping must enable
 * `ReportBatchItemFailures`.
 *
 * @example
 * return toBatchItemFailures(records.filter((_, i) => outcomes[i] === "failed").map((r) => r.messageId));
 */
export function toBatchItemFailures(failedMessageIds: Iterable<string>): SqsBatchResponse {
  return { batchItemFailures: [...new Set(failedMessageIds)].map((itemIdentifier) => ({ itemIdentifier })) };
}
