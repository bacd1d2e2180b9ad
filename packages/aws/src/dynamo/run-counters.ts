import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { isAwsError } from "../aws-errors.ts";
import { runKeys } from "./run-item.ts";
import { tableKeys } from "./table.ts";

/**
 * A run's counters: one item per counter, `value` moved by `ADD` (atomic, returns the new
 * value). `countOnce` first puts one small item per counted member (`COUNTED#<counter>/<member>`,
 * `attribute_not_exists`), and only the caller that created it adds 1 to the counter: each count
 * costs two ~100-byte writes however many members the counter has (a member set on the counter
 * item grew its every write with the round and broke at DynamoDB's 400 KB item limit). Without
 * transactions (dynalite has none) a crash between the two writes leaves the count one short,
 * never over: a round's Dispatch and Sweep check its stored results as well, so it still ends.
 */
/** Sort-key prefix of the items that record who a counter has counted. */
const countedPrefix = "COUNTED#";

export class DynamoRunCounters {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(runId: string, counter: string, by: number): Promise<number> {
    const { Attributes } = await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(runId, counter),
        UpdateExpression: "ADD #value :by",
        ExpressionAttributeNames: { "#value": "value" },
        ExpressionAttributeValues: { ":by": by },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Number(Attributes?.value ?? 0);
  }

  async countOnce(runId: string, counter: string, memberId: string): Promise<{ counted: boolean; value: number }> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [tableKeys.partition]: runKeys.partition(runId),
            [tableKeys.sort]: `${countedPrefix}${counter}/${memberId}`,
          },
          ConditionExpression: `attribute_not_exists(${tableKeys.partition})`,
        }),
      );
    } catch (error) {
      if (!isAwsError(error, "ConditionalCheckFailedException")) throw error;
      return { counted: false, value: await this.value(runId, counter) };
    }
    return { counted: true, value: await this.add(runId, counter, 1) };
  }

  async value(runId: string, counter: string): Promise<number> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.key(runId, counter),
        ProjectionExpression: "#value",
        ExpressionAttributeNames: { "#value": "value" },
        ConsistentRead: true,
      }),
    );
    return Number(Item?.value ?? 0);
  }

  private key(runId: string, counter: string): Record<string, string> {
    return { [tableKeys.partition]: runKeys.partition(runId), [tableKeys.sort]: runKeys.counter(counter) };
  }
}
