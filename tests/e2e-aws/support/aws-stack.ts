import { CreateBucketCommand } from "@aws-sdk/client-s3";
import {
  type AwsClients,
  awsClients,
  createJobQueues,
  createJudgeloopTable,
  DynamoRunStore,
  S3ArtifactStore,
  SqsJobQueue,
} from "@judgeloop/aws";
import { type SfnWireServer, startSfnWireServer } from "../../contract/aws/sfn-wire-server.ts";
import {
  type Emulator,
  emulatorCredentials,
  emulatorRegion,
  startDynaliteEmulator,
  startFauxqsEmulator,
} from "../../support/emulators.ts";

/** The state machine's ARN as the functions are told it (the wire server accepts any). */
export const stateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:judgeloop-test-optimizer";
/** The API token linked to the functions (the `JudgeloopApiToken` secret). */
export const apiToken = "e2e-token-0123456789abcdef";
/** The pipeline's state machine, likewise. */
export const pipelineStateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:judgeloop-test-pipeline";

/** Receives before the job queue's redrive policy dead-letters a job (small, so faults show fast). */
export const testMaxReceives = 3;

/**
 * A deployed stack in miniature, all on 127.0.0.1: fauxqs as S3 and SQS, dynalite as DynamoDB,
 * the Step Functions wire server for task tokens and StartExecution. The functions find it the
 * way they find the real one: through SST's linked-resource variables (`SST_RESOURCE_*`), plus
 * endpoint overrides.
 */
export interface AwsStack {
  clients: AwsClients;
  sfn: SfnWireServer;
  bucket: string;
  tableName: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  artifacts: S3ArtifactStore;
  runStore: DynamoRunStore;
  queue: SqsJobQueue;
  stop(): Promise<void>;
}

/**
 * Starts the emulators, creates the bucket, table and queues, and points the functions of this
 * process at them. Call once per test file, before any handler runs (deps are built once).
 *
 * @example
 * let stack: AwsStack;
 * beforeAll(async () => { stack = await startAwsStack(); });
 * afterAll(() => stack.stop());
 */
export async function startAwsStack(): Promise<AwsStack> {
  const fauxqs = await startFauxqsEmulator();
  const dynalite = await startDynaliteEmulator();
  const sfn = await startSfnWireServer();
  const emulators: Emulator[] = [fauxqs, dynalite];
  const connect = (endpoint: string) =>
    awsClients({ endpoint, region: emulatorRegion, credentials: emulatorCredentials, maxAttempts: 1 });
  const clients: AwsClients = {
    s3: connect(fauxqs.endpoint).s3,
    sqs: connect(fauxqs.endpoint).sqs,
    dynamodb: connect(dynalite.endpoint).dynamodb,
    sfn: connect(sfn.endpoint).sfn,
  };
  const bucket = "judgeloop-e2e";
  const tableName = "judgeloop-e2e";
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await createJudgeloopTable(clients.dynamodb, tableName);
  const queues = await createJobQueues(clients.sqs, { name: "judgeloop-jobs", maxReceives: testMaxReceives });
  linkFunctions({ fauxqs: fauxqs.endpoint, dynalite: dynalite.endpoint, sfn: sfn.endpoint }, bucket, tableName, queues);
  const artifacts = new S3ArtifactStore(clients.s3, { bucket });
  return {
    clients,
    sfn,
    bucket,
    tableName,
    ...queues,
    artifacts,
    runStore: new DynamoRunStore(clients.dynamodb, { tableName }),
    queue: new SqsJobQueue(clients.sqs, { ...queues, maxReceives: testMaxReceives, overflow: artifacts }),
    async stop() {
      for (const client of Object.values(clients)) client.destroy();
      await sfn.close();
      await Promise.all(emulators.map((emulator) => emulator.stop()));
    },
  };
}

/** What SST would put in a linked function's environment, plus the emulator endpoints. */
function linkFunctions(
  endpoints: { fauxqs: string; dynalite: string; sfn: string },
  bucketName: string,
  tableName: string,
  queues: { queueUrl: string; deadLetterQueueUrl: string },
): void {
  const env = process.env;
  env.AWS_REGION = emulatorRegion;
  env.AWS_ACCESS_KEY_ID = emulatorCredentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = emulatorCredentials.secretAccessKey;
  env.SST_RESOURCE_App = JSON.stringify({ name: "judgeloop", stage: "test" });
  env.SST_RESOURCE_Storage = JSON.stringify({ bucketName, tableName });
  env.SST_RESOURCE_JobQueues = JSON.stringify({ ...queues, maxReceives: testMaxReceives });
  env.SST_RESOURCE_Workflow = JSON.stringify({ stateMachineArn });
  env.SST_RESOURCE_Pipeline = JSON.stringify({ stateMachineArn: pipelineStateMachineArn });
  env.SST_RESOURCE_JudgeloopApiToken = JSON.stringify({ value: apiToken });
  env.JUDGELOOP_ENDPOINT_S3 = endpoints.fauxqs;
  env.JUDGELOOP_ENDPOINT_SQS = endpoints.fauxqs;
  env.JUDGELOOP_ENDPOINT_DYNAMODB = endpoints.dynalite;
  env.JUDGELOOP_ENDPOINT_SFN = endpoints.sfn;
  env.POWERTOOLS_LOG_LEVEL = "ERROR";
}
