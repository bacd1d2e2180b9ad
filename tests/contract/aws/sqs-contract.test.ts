import { SqsJobQueue } from "@judgeloop/aws";
import { afterAll, beforeAll } from "vitest";
import { jobQueueContract } from "../job-queue.contract.ts";
import { type AwsEmulators, startAwsEmulators } from "./aws-fixtures.ts";

// SqsJobQueue against the JobQueue contract, on fauxqs.

let aws: AwsEmulators;

beforeAll(async () => {
  aws = await startAwsEmulators();
});

afterAll(async () => {
  await aws.stop();
});

const realWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const nothingToClose = async (): Promise<void> => {};

// SQS counts visibility in whole seconds and fauxqs keeps real time: advancing is a real wait.
jobQueueContract("SqsJobQueue", async ({ maxReceives }) => {
  const urls = await aws.freshQueues(maxReceives);
  const open = () => new SqsJobQueue(aws.fauxqs.sqs, { ...urls, maxReceives });
  return {
    queue: open(),
    advance: realWait,
    unitMs: 1000,
    connect: async () => open(),
    reopen: async () => open(),
    close: nothingToClose,
  };
});
