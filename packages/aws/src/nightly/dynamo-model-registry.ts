import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  JudgeloopError,
  type ListedModel,
  type ModelRegistry,
  type PromotionRecord,
  type RegisteredModel,
  type WatchedProgram,
} from "@judgeloop/core";
import { isAwsError } from "../aws-errors.ts";
import { documentClient, tableKeys } from "../dynamo/table.ts";

export interface DynamoModelRegistryOptions {
  tableName: string;
}

type Item = Record<string, unknown>;

const modelsPartition = "MODELS";
const watchedPartition = "WATCHED";
const decisionsPartition = (program: string) => `DECISIONS#${program}`;
const { partition: pk, sort: sk } = tableKeys;

/**
 * The nightly job's ModelRegistry in the single judgeloop table: one item per model seen
 * (`MODELS` / `MODEL#<provider>/<id>`), per watched program (`WATCHED` / `PROGRAM#<name>`) and
 * per decision (`DECISIONS#<program>` / `RUN#<runId>`), values as JSON text. Models and
 * decisions are put only if absent, so a retried night neither moves a `firstSeenAt` nor flips
 * a decision.
 *
 * @example
 * const registry = new DynamoModelRegistry(dynamodb, { tableName: "judgeloop" });
 * await registry.watchProgram({ name: "support", model: "openai/gpt-4o-mini", runBudgetUsd: 5 });
 */
export class DynamoModelRegistry implements ModelRegistry {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBClient, options: DynamoModelRegistryOptions) {
    this.documents = documentClient(client);
    this.tableName = options.tableName;
  }

  async knownModels(): Promise<RegisteredModel[]> {
    return (await this.query(modelsPartition)).map((item) => JSON.parse(String(item.model)) as RegisteredModel);
  }

  async registerModels(models: readonly ListedModel[], seenAt: string): Promise<void> {
    for (const model of models) {
      const registered: RegisteredModel = { ...model, firstSeenAt: seenAt };
      await this.putIfAbsent({
        [pk]: modelsPartition,
        [sk]: `MODEL#${model.provider}/${model.id}`,
        model: JSON.stringify(registered),
      });
    }
  }

  async watchedPrograms(): Promise<WatchedProgram[]> {
    return (await this.query(watchedPartition)).map((item) => JSON.parse(String(item.program)) as WatchedProgram);
  }

  /** Starts watching a program, or replaces how it is watched (its model after a promotion, say). */
  async watchProgram(program: WatchedProgram): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: this.watchedItem(program) }));
  }

  async markGoldSetScored(program: string, judgeModel: string): Promise<void> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [pk]: watchedPartition, [sk]: `PROGRAM#${program}` },
        ConsistentRead: true,
      }),
    );
    const watched = Item === undefined ? undefined : (JSON.parse(String(Item.program)) as WatchedProgram);
    if (!watched?.judge) {
      throw new JudgeloopError("unknown_program", `program "${program}" is not watched or has no judge`);
    }
    await this.watchProgram({ ...watched, judge: { ...watched.judge, scoredWithModel: judgeModel } });
  }

  async recordDecision(record: PromotionRecord): Promise<void> {
    await this.putIfAbsent({
      [pk]: decisionsPartition(record.program),
      [sk]: `RUN#${record.runId}`,
      decidedAt: record.decidedAt,
      record: JSON.stringify(record),
    });
  }

  async listDecisions(program: string): Promise<PromotionRecord[]> {
    const records = (await this.query(decisionsPartition(program))).map(
      (item) => JSON.parse(String(item.record)) as PromotionRecord,
    );
    return records.sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0));
  }

  private watchedItem(program: WatchedProgram): Item {
    return { [pk]: watchedPartition, [sk]: `PROGRAM#${program.name}`, program: JSON.stringify(program) };
  }

  private async putIfAbsent(item: Item): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: `attribute_not_exists(${pk})` }),
      );
    } catch (error) {
      if (!isAwsError(error, "ConditionalCheckFailedException")) throw error;
    }
  }

  private async query(partition: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": pk },
          ExpressionAttributeValues: { ":pk": partition },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((page.Items ?? []) as Item[]));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }
}
