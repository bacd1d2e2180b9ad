export type { CreateJobQueuesOptions, JobQueueUrls } from "./create-job-queues.ts";
export { createJobQueues } from "./create-job-queues.ts";
export { chunkMessages, decodeJobMessage, sqsMaxBatchEntries, sqsMaxMessageBytes } from "./job-message.ts";
export type { SqsBatchResponse, SqsRecordLike } from "./lambda-batch.ts";
export { deliveryFromRecord, toBatchItemFailures } from "./lambda-batch.ts";
export type { SqsJobQueueOptions } from "./sqs-job-queue.ts";
export { SqsJobQueue } from "./sqs-job-queue.ts";
