import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { deliveryFromRecord } from "@judgeloop/aws";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { composeDeps, type FunctionDeps } from "./compose.ts";
import { summarizeError } from "./optimizer/dead-jobs.ts";
import { processJob } from "./optimizer/process-job.ts";
import { readRetryBackoff, retryDelaySeconds } from "./optimizer/retry-backoff.ts";

const processor = new BatchProcessor(EventType.SQS);

/**
 * The job queue's worker: each SQS record is one job, run and settled by `processJob` (result
 * written once, counted once, the round's token sent by whoever settles its last job). Records
 * run concurrently; only the ones that failed are returned in `batchItemFailures`, so SQS
 * redelivers exactly those. A batch in which every record failed is also answered with the list
 * rather than an error, so the rule is the same for any batch.
 *
 * A failed record that has receives left is first hidden for an exponential backoff by its
 * receive count (`retryDelaySeconds`), so it comes back in seconds rather than after the queue's
 * whole visibility timeout; one on its last receive is left as it is, for the redrive policy.
 */
export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  const deps = composeDeps();
  const recordHandler = async (record: SQSRecord) => {
    try {
      return await processJob(deps, await deliveryFromRecord(record, deps.artifacts));
    } catch (error) {
      const retryInSeconds = await backOff(deps, record, summarizeError(error));
      deps.logger.warn("job failed; SQS will deliver it again", {
        messageId: record.messageId,
        receiveCount: receiveCountOf(record),
        ...(retryInSeconds !== undefined && { retryInSeconds }),
        error: summarizeError(error),
      });
      throw error;
    }
  };
  return processPartialResponse(event, recordHandler, processor, {
    ...(context && { context }),
    throwOnFullBatchFailure: false,
  });
};

function receiveCountOf(record: SQSRecord): number {
  return Number(record.attributes.ApproximateReceiveCount) || 1;
}

/**
 * Hides a failed record for its backoff (ChangeMessageVisibility on the queue it came from);
 * the delay, or undefined when it was left to the visibility timeout: its last receive, or a
 * change that failed (the record is still reported failed, so SQS delivers it again either way).
 */
async function backOff(deps: FunctionDeps, record: SQSRecord, error: string): Promise<number | undefined> {
  const receiveCount = receiveCountOf(record);
  if (receiveCount >= deps.maxReceives) return undefined;
  try {
    const delaySeconds = retryDelaySeconds(receiveCount, readRetryBackoff(process.env));
    await deps
      .queueFor(queueUrlOf(deps, record))
      .fail(record.receiptHandle, { retryDelayMs: delaySeconds * 1000, error });
    return delaySeconds;
  } catch (changeError) {
    deps.logger.warn("could not shorten a failed job's visibility; it waits the queue's timeout", {
      messageId: record.messageId,
      error: summarizeError(changeError),
    });
    return undefined;
  }
}

/** The record's queue: the linked queue's URL with the queue name of the record's `eventSourceARN`. */
function queueUrlOf(deps: FunctionDeps, record: SQSRecord): string | undefined {
  const linked = deps.settings.queues?.queueUrl;
  const name = record.eventSourceARN?.split(":").at(-1);
  if (!linked || !name) return linked;
  return linked.replace(/[^/]+$/, name);
}
