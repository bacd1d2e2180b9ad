import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { checkMaxReceives, JudgeloopError } from "@judgeloop/core";

export interface CreateJobQueuesOptions {
  /** The job queue's name; its dead-letter queue is `<name>-dlq`. */
  name: string;
  /** Receives before the redrive policy dead-letters a job: the SqsJobQueue's `maxReceives`. */
  maxReceives: number;
  /** The queue's default visibility timeout; default 30 s. */
  visibilityTimeoutSeconds?: number;
}

/** What `createJobQueues` made. */
export interface JobQueueUrls {
  queueUrl: string;
  deadLetterQueueUrl: string;
}

/**
 * Creates a job queue and its dead-letter queue (14 days' retention) wired by a redrive
 * policy, or returns them if they exist with the same settings. For emulators and local
 * development; deployed stacks create the same pair in `stacks/queues.ts`.
 *
 * @example
 * const { queueUrl, deadLetterQueueUrl } = await createJobQueues(sqs, { name: "jobs", maxReceives: 5 });
 */
export async function createJobQueues(client: SQSClient, options: CreateJobQueuesOptions): Promise<JobQueueUrls> {
  checkMaxReceives(options.maxReceives);
  const dead = await client.send(
    new CreateQueueCommand({
      QueueName: `${options.name}-dlq`,
      Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) },
    }),
  );
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: dead.QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  const deadLetterTargetArn = Attributes?.QueueArn;
  if (dead.QueueUrl === undefined || deadLetterTargetArn === undefined) {
    throw new JudgeloopError("queue_not_created", `the dead-letter queue of ${options.name} has no URL or ARN`);
  }
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: options.name,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn, maxReceiveCount: options.maxReceives }),
      },
    }),
  );
  if (queue.QueueUrl === undefined) throw new JudgeloopError("queue_not_created", `queue ${options.name} has no URL`);
  return { queueUrl: queue.QueueUrl, deadLetterQueueUrl: dead.QueueUrl };
}
