import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";

export interface AwsClientOptions {
  /** Default: the SDK's own resolution (AWS_REGION in Lambda). */
  region?: string;
  /** An emulator or VPC endpoint, e.g. `http://127.0.0.1:4566`; default: the real service. */
  endpoint?: string;
  /** Default: the SDK's credential chain (the Lambda role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call, SDK retries included; default the SDK's (3). */
  maxAttempts?: number;
}

/** One SDK client per service the adapters use. */
export interface AwsClients {
  s3: S3Client;
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  sfn: SFNClient;
}

/**
 * Builds the SDK clients the adapters take, pointed at the real services or, with `endpoint`,
 * at an emulator. With an endpoint, S3 uses path-style URLs (an emulator on 127.0.0.1 has no
 * `bucket.host` DNS) and SQS sends every call to the endpoint rather than to the host in the
 * queue URL (which an emulator names `sqs.<region>.localhost`).
 *
 * @example
 * const { s3, sqs, dynamodb } = awsClients({ endpoint: "http://127.0.0.1:4566", region: "us-east-1",
 *   credentials: { accessKeyId: "test", secretAccessKey: "test" } });
 */
export function awsClients(options: AwsClientOptions = {}): AwsClients {
  const common = commonConfig(options);
  const emulated = options.endpoint !== undefined;
  return {
    s3: new S3Client({ ...common, forcePathStyle: emulated }),
    sqs: new SQSClient({ ...common, useQueueUrlAsEndpoint: !emulated }),
    dynamodb: new DynamoDBClient(common),
    sfn: new SFNClient(common),
  };
}

function commonConfig(options: AwsClientOptions) {
  const config: AwsClientOptions = {};
  if (options.region !== undefined) config.region = options.region;
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.credentials !== undefined) config.credentials = options.credentials;
  if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
  return config;
}
