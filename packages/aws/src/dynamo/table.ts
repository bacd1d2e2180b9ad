import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { JudgeloopError } from "@judgeloop/core";
import { isAwsError } from "../aws-errors.ts";

/**
 * The single table's key attributes (see README.md beside this file for every item type).
 * `gsi1` is a sparse index: only run items carry `gsi1pk`, so it lists runs newest first.
 */
export const tableKeys = {
  partition: "pk",
  sort: "sk",
  index: "gsi1",
  indexPartition: "gsi1pk",
  indexSort: "gsi1sk",
  /** Epoch seconds after which DynamoDB's TTL may delete the item (cache entries). */
  expiresAt: "expiresAt",
} as const;

/**
 * Wraps a DynamoDB client with the document marshalling every adapter uses: plain JS values,
 * `Set<string>` as a string set, `undefined` fields dropped.
 *
 * @example
 * const documents = documentClient(new DynamoDBClient({}));
 */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * Creates the judgeloop table (on-demand, `pk`/`sk` plus the `gsi1` index) unless it exists,
 * and waits until it is ACTIVE. For emulators and local development; deployed stacks define
 * the same table in `stacks/storage.ts`, with TTL on `expiresAt` (dynalite cannot enable TTL).
 *
 * @example
 * await createJudgeloopTable(dynamodb, "judgeloop-test");
 */
export async function createJudgeloopTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const string = (name: string) => ({ AttributeName: name, AttributeType: "S" as const });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          string(tableKeys.partition),
          string(tableKeys.sort),
          string(tableKeys.indexPartition),
          string(tableKeys.indexSort),
        ],
        KeySchema: [
          { AttributeName: tableKeys.partition, KeyType: "HASH" },
          { AttributeName: tableKeys.sort, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: tableKeys.index,
            KeySchema: [
              { AttributeName: tableKeys.indexPartition, KeyType: "HASH" },
              { AttributeName: tableKeys.indexSort, KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    );
  } catch (error) {
    if (!isAwsError(error, "ResourceInUseException")) throw error;
  }
  await waitUntilActive(client, tableName);
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === "ACTIVE");
    if (Table?.TableStatus === "ACTIVE" && indexesActive) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new JudgeloopError("table_not_active", `DynamoDB table ${tableName} did not become ACTIVE within 30 s`);
}
