// The job queue, its dead-letter queue, and the worker that drains it. The queue's maximum
// concurrency is the burst bound: at most that many workers call providers at once.
import { functionBundling } from "./bundling.ts";
import {
  accountOf,
  bucketObjectsArnOf,
  type DataArns,
  executionsArnOf,
  stateMachineArnBeside,
  tableIndexArnOf,
  workerPermissions,
} from "./policies.ts";
import { providerKeys } from "./secrets.ts";
import { infraSettings, resourceNames, tableDesign } from "./settings.ts";
import { bucket, storage, table } from "./storage.ts";

export const settings = infraSettings(process.env);

const fourteenDays = 14 * 24 * 3600;

/** Where a job lands after `maxReceiveCount` receives; kept 14 days, the SQS maximum. */
export const deadLetterQueue = new sst.aws.Queue("JobDeadLetterQueue", {
  transform: { queue: { messageRetentionSeconds: fourteenDays } },
});

/** One message per job; hidden from other workers for six worker timeouts once received. */
export const jobQueue = new sst.aws.Queue("JobQueue", {
  visibilityTimeout: `${settings.jobVisibilityTimeoutSeconds} seconds`,
  dlq: { queue: deadLetterQueue.arn, retry: settings.maxReceiveCount },
  transform: { queue: { messageRetentionSeconds: fourteenDays } },
});

/** What functions link to reach the queues (URLs and the redrive bound, no permissions). */
export const jobQueues = new sst.Linkable("JobQueues", {
  properties: {
    queueUrl: jobQueue.url,
    deadLetterQueueUrl: deadLetterQueue.url,
    maxReceives: settings.maxReceiveCount,
  },
});

const stateMachineArn = jobQueue.arn.apply((arn) =>
  stateMachineArnBeside(arn, resourceNames($app.name, $app.stage).stateMachine),
);

const pipelineArn = jobQueue.arn.apply((arn) =>
  stateMachineArnBeside(arn, resourceNames($app.name, $app.stage).pipeline),
);

/**
 * Every data ARN the functions' policies name. The state machines are created later (in
 * workflow.ts and pipeline.ts) under fixed names, so their ARNs are known here from the queue's
 * region and account.
 */
export const dataArns: DataArns<$util.Output<string>> = {
  bucket: bucket.arn,
  bucketObjects: bucket.arn.apply(bucketObjectsArnOf),
  table: table.arn,
  tableIndex: table.arn.apply((arn) => tableIndexArnOf(arn, tableDesign.index.name)),
  jobQueue: jobQueue.arn,
  deadLetterQueue: deadLetterQueue.arn,
  stateMachine: stateMachineArn,
  executions: stateMachineArn.apply(executionsArnOf),
  pipeline: pipelineArn,
  pipelineExecutions: pipelineArn.apply(executionsArnOf),
};

/** The account the stacks deploy to, read from the queue's ARN (no lookup call). */
export const accountId = jobQueue.arn.apply(accountOf);

/**
 * The worker: batches of jobs (run concurrently), failed records reported back one by one
 * (partial batch responses), at most `burst.workerMaxConcurrency` invocations at once: the
 * workers' share of the burst bound (stacks/settings.ts).
 */
export const worker = jobQueue.subscribe(
  {
    handler: "functions/worker.handler",
    nodejs: functionBundling,
    timeout: `${settings.workerTimeoutSeconds} seconds`,
    memory: "1024 MB",
    link: [storage, jobQueues, ...providerKeys],
    permissions: workerPermissions(dataArns),
  },
  {
    batch: { size: settings.workerBatchSize, partialResponses: true },
    transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: settings.burst.workerMaxConcurrency } } },
  },
);
