import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { deliveryFromRecord } from "@judgeloop/aws";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { composeDeps } from "./compose.ts";
import { summarizeError } from "./optimizer/dead-jobs.ts";
import { processJob } from "./optimizer/process-job.ts";

const processor = new BatchProcessor(EventType.SQS);

/**
 * The job queue's worker: each SQS record is one job, run and settled by `processJob` (result
 * written once, counted once, the round's token sent by whoever settles its last job). Records
 * run concurrently; only the ones that failed are returned in `batchItemFailures`, so SQS
 * redelivers exactly those. A batch in which every record failed is also answered with the list
 * rather than an error, so the rule is the same for any batch.
 */
export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  const deps = composeDeps();
  const recordHandler = async (record: SQSRecord) => {
    try {
      return await processJob(deps, await deliveryFromRecord(record, deps.artifacts));
    } catch (error) {
      deps.logger.warn("job failed; SQS will deliver it again", {
        messageId: record.messageId,
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
