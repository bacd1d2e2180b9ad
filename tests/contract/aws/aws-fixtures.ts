import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { type AwsClients, awsClients, createJobQueues, createJudgeloopTable } from "@judgeloop/aws";
import {
  type Emulator,
  emulatorCredentials,
  emulatorRegion,
  startDynaliteEmulator,
  startFauxqsEmulator,
} from "../../support/emulators.ts";

/** fauxqs (S3, SQS) and dynalite, started for one test file, with clients pointed at them. */
export interface AwsEmulators {
  fauxqs: AwsClients;
  dynamo: AwsClients;
  /** Another set of clients on dynalite: separate connections, as another worker would have. */
  connectDynamo(): AwsClients;
  bucket: string;
  /** A table of its own, so a test sees only its own items. */
  freshTable(): Promise<string>;
  /** A job queue and dead-letter queue of their own. */
  freshQueues(maxReceives: number): Promise<{ queueUrl: string; deadLetterQueueUrl: string }>;
  /** A key prefix of its own in the bucket. */
  freshPrefix(): string;
  stop(): Promise<void>;
}

/**
 * Starts both emulators on 127.0.0.1 and creates the bucket the S3 adapters share.
 *
 * @example
 * let aws: AwsEmulators;
 * beforeAll(async () => { aws = await startAwsEmulators(); });
 * afterAll(() => aws.stop());
 */
export async function startAwsEmulators(): Promise<AwsEmulators> {
  const emulators: Emulator[] = [await startFauxqsEmulator(), await startDynaliteEmulator()];
  const [fauxqsEmulator, dynaliteEmulator] = emulators;
  const clientsOf = (emulator: Emulator | undefined) =>
    awsClients({ endpoint: emulator?.endpoint, region: emulatorRegion, credentials: emulatorCredentials });
  const fauxqs = clientsOf(fauxqsEmulator);
  const dynamo = clientsOf(dynaliteEmulator);
  const bucket = "judgeloop-test";
  await fauxqs.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  let serial = 0;
  return {
    fauxqs,
    dynamo,
    connectDynamo: () => clientsOf(dynaliteEmulator),
    bucket,
    async freshTable() {
      const tableName = `judgeloop-${++serial}`;
      await createJudgeloopTable(dynamo.dynamodb, tableName);
      return tableName;
    },
    freshQueues: (maxReceives) => createJobQueues(fauxqs.sqs, { name: `jobs-${++serial}`, maxReceives }),
    freshPrefix: () => `test-${++serial}`,
    async stop() {
      for (const clients of [fauxqs, dynamo]) for (const client of Object.values(clients)) client.destroy();
      await Promise.all(emulators.map((emulator) => emulator.stop()));
    },
  };
}
