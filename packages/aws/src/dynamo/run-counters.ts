import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { JudgeloopError } from "@judgeloop/core";
import { awsErrorName, isAwsError } from "../aws-errors.ts";
import { runKeys } from "./run-item.ts";
import { tableKeys } from "./table.ts";

/**
 * A run's counters: one item per counter, `value` moved by `ADD` (atomic, returns the new
 * value). `countOnce` keeps the members it counted in a string set on the same item and adds
 * value and member in one conditional update, so no crash between two writes can lose or
 * double a count. The price: one counter holds at most ~400 KB of member ids (about 5,000
 * 64-character job ids); past that DynamoDB refuses the update and it throws `counter_full`.
 */
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
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(runId, counter),
          UpdateExpression: "ADD #value :one, #members :member",
          ConditionExpression: "attribute_not_exists(#members) OR NOT contains(#members, :memberId)",
          ExpressionAttributeNames: { "#value": "value", "#members": "members" },
          ExpressionAttributeValues: { ":one": 1, ":member": new Set([memberId]), ":memberId": memberId },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return { counted: true, value: Number(Attributes?.value ?? 0) };
    } catch (error) {
      if (isAwsError(error, "ConditionalCheckFailedException")) {
        return { counted: false, value: await this.value(runId, counter) };
      }
      if (awsErrorName(error) === "ValidationException" && /size/i.test(String((error as Error).message))) {
        throw new JudgeloopError("counter_full", `counter ${counter} of run ${runId} holds too many members`, {
          cause: error,
        });
      }
      throw error;
    }
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
