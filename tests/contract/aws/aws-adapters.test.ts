import { DynamoBudgetLedger, DynamoCacheStore, DynamoRunStore, S3ArtifactStore } from "@judgeloop/aws";
import { afterAll, beforeAll } from "vitest";
import { artifactStoreContract } from "../artifact-store.contract.ts";
import { budgetLedgerContract } from "../budget-ledger.contract.ts";
import { cacheStoreContract } from "../cache-store.contract.ts";
import { runStoreContract } from "../run-store.contract.ts";
import { type AwsEmulators, startAwsEmulators } from "./aws-fixtures.ts";

// The S3 and DynamoDB adapters against their ports' contracts, on fauxqs and dynalite
// (SqsJobQueue runs in sqs-contract.test.ts, in parallel: its suite waits in real time).

let aws: AwsEmulators;

beforeAll(async () => {
  aws = await startAwsEmulators();
});

afterAll(async () => {
  await aws.stop();
});

const nothingToClose = async (): Promise<void> => {};

artifactStoreContract("S3ArtifactStore", async () => {
  const options = { bucket: aws.bucket, prefix: aws.freshPrefix() };
  return {
    store: new S3ArtifactStore(aws.fauxqs.s3, options),
    reopen: async () => new S3ArtifactStore(aws.fauxqs.s3, options),
    close: nothingToClose,
  };
});

runStoreContract("DynamoRunStore", async () => {
  const tableName = await aws.freshTable();
  return {
    store: new DynamoRunStore(aws.dynamo.dynamodb, { tableName }),
    connect: async () => new DynamoRunStore(aws.dynamo.dynamodb, { tableName }),
    close: nothingToClose,
  };
});

budgetLedgerContract("DynamoBudgetLedger", async () => {
  const tableName = await aws.freshTable();
  return {
    ledger: new DynamoBudgetLedger(aws.dynamo.dynamodb, { tableName }),
    connect: async () => new DynamoBudgetLedger(aws.dynamo.dynamodb, { tableName }),
    close: nothingToClose,
  };
});

cacheStoreContract("DynamoCacheStore", async () => {
  const tableName = await aws.freshTable();
  return {
    store: new DynamoCacheStore(aws.dynamo.dynamodb, { tableName }),
    reopen: async () => new DynamoCacheStore(aws.dynamo.dynamodb, { tableName }),
    close: nothingToClose,
  };
});
