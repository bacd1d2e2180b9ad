import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  checkCounterStep,
  checkRunId,
  checkStoreKey,
  checkTrial,
  compareRunsNewestFirst,
  compareTrials,
  isTerminalRunStatus,
  JudgeloopError,
  type ListRunsOptions,
  meetsRunCondition,
  type RunCondition,
  type RunPatch,
  type RunRecord,
  type RunStore,
  type TrialRecord,
  toJsonText,
} from "@judgeloop/core";
import { isAwsError } from "../aws-errors.ts";
import { releaseAdmission } from "./dynamo-run-admission.ts";
import { DynamoRunCounters } from "./run-counters.ts";
import { type Item, runFromItem, runIndexSort, runItem, runKeys, runUpdate } from "./run-item.ts";
import { getResultItems } from "./run-results.ts";
import { documentClient, tableKeys } from "./table.ts";

export interface DynamoRunStoreOptions {
  tableName: string;
}

const notExists = `attribute_not_exists(${tableKeys.partition})`;

/**
 * A RunStore in the single judgeloop table (item types in README.md beside this file). Every
 * method is one conditional write or atomic update, never a transaction (dynalite has none):
 * results and trials are put with `attribute_not_exists`, so a redelivered job stores nothing
 * twice; counters are `ADD` updates returning the new value.
 *
 * @example
 * const runs = new DynamoRunStore(dynamodb, { tableName: "judgeloop" });
 * await runs.putResultOnce("run-1", "job-1", { score: 1 }); // { stored: true }
 */
export class DynamoRunStore implements RunStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly counters: DynamoRunCounters;

  constructor(client: DynamoDBClient, options: DynamoRunStoreOptions) {
    this.documents = documentClient(client);
    this.tableName = options.tableName;
    this.counters = new DynamoRunCounters(this.documents, this.tableName);
  }

  async createRun(run: RunRecord): Promise<{ created: boolean; run: RunRecord }> {
    checkRunId(run.id);
    const item = runItem(run);
    if (await this.putIfAbsent(item)) return { created: true, run: runFromItem(item) };
    return { created: false, run: await this.requireRun(run.id) };
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    checkRunId(runId);
    const item = await this.getItem(runKeys.partition(runId), runKeys.run);
    return item ? runFromItem(item) : null;
  }

  /**
   * Newest first through the `gsi1` index (eventually consistent, like any GSI): one query per
   * shard, from `before` on, merged. Each shard gives at most `limit` matches, so a page reads
   * at most shards × limit items, however long the history.
   */
  async listRuns(options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const limit = options.limit ?? 100;
    const shards = await Promise.all(
      runKeys.runsIndexPartitions().map((partition) => this.queryRunShard(partition, options, limit)),
    );
    return shards.flat().map(runFromItem).sort(compareRunsNewestFirst).slice(0, limit);
  }

  private async queryRunShard(partition: string, options: ListRunsOptions, limit: number): Promise<Item[]> {
    const names: Record<string, string> = { "#ipk": tableKeys.indexPartition };
    const values: Record<string, unknown> = { ":shard": partition };
    let condition = "#ipk = :shard";
    if (options.before !== undefined) {
      names["#isk"] = tableKeys.indexSort;
      values[":before"] = runIndexSort(options.before);
      condition += " AND #isk < :before";
    }
    const query: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: tableKeys.index,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: limit,
    };
    if (options.status !== undefined) {
      query.FilterExpression = "#status = :status";
      names["#status"] = "status";
      values[":status"] = options.status;
    }
    return (await this.queryAll(query, limit)).slice(0, limit);
  }

  async updateRun(runId: string, patch: RunPatch, condition?: RunCondition): Promise<RunRecord | null> {
    checkRunId(runId);
    const update = runUpdate(runId, patch);
    if (update === null || condition?.status.length === 0) {
      const run = await this.requireRun(runId);
      return update === null && meetsRunCondition(run, condition) ? run : null;
    }
    const conditions = [`attribute_exists(${tableKeys.partition})`];
    if (condition) {
      update.ExpressionAttributeNames["#status"] = "status";
      const allowed = condition.status.map((status, position) => {
        update.ExpressionAttributeValues[`:allowed${position}`] = status;
        return `:allowed${position}`;
      });
      conditions.push(`#status IN (${allowed.join(", ")})`);
    }
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(runKeys.partition(runId), runKeys.run),
          ...update,
          ConditionExpression: conditions.join(" AND "),
          ReturnValues: "ALL_NEW",
        }),
      );
      const updated = runFromItem(Attributes ?? {});
      // The run ended: its admission slot (if it holds one) goes back for the next run.
      if (patch.status !== undefined && isTerminalRunStatus(patch.status)) {
        await releaseAdmission(this.documents, this.tableName, runId);
      }
      return updated;
    } catch (error) {
      if (!isAwsError(error, "ConditionalCheckFailedException")) throw error;
      await this.requireRun(runId);
      return null;
    }
  }

  async appendTrial(runId: string, trial: TrialRecord): Promise<{ stored: boolean }> {
    checkRunId(runId);
    checkTrial(trial);
    const item = {
      ...this.key(runKeys.partition(runId), runKeys.trial(trial)),
      stage: trial.stage,
      trial: toJsonText(trial, `trial ${trial.stage}#${trial.index}`),
    };
    return { stored: await this.putIfAbsent(item) };
  }

  async listTrials(runId: string, options: { stage?: string } = {}): Promise<TrialRecord[]> {
    checkRunId(runId);
    const prefix = options.stage === undefined ? runKeys.trialPrefix : `${runKeys.trialPrefix}${options.stage}/`;
    const items = await this.queryAll(
      {
        TableName: this.tableName,
        KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
        ExpressionAttributeNames: { "#pk": tableKeys.partition, "#sk": tableKeys.sort },
        ExpressionAttributeValues: { ":pk": runKeys.partition(runId), ":prefix": prefix },
        ConsistentRead: true,
      },
      Number.POSITIVE_INFINITY,
    );
    return items.map((item) => JSON.parse(String(item.trial)) as TrialRecord).sort(compareTrials);
  }

  async putResultOnce(runId: string, jobId: string, result: unknown): Promise<{ stored: boolean }> {
    checkJob(runId, jobId);
    const item = {
      ...this.key(runKeys.partition(runId), runKeys.result(jobId)),
      result: toJsonText(result, `result of job ${jobId}`),
    };
    return { stored: await this.putIfAbsent(item) };
  }

  async getResults(runId: string, jobIds: readonly string[]): Promise<Map<string, unknown>> {
    for (const jobId of jobIds) checkJob(runId, jobId);
    return getResultItems(this.documents, this.tableName, runId, jobIds);
  }

  async increment(runId: string, counter: string, by = 1): Promise<number> {
    checkCounter(runId, counter);
    checkCounterStep(by);
    return this.counters.add(runId, counter, by);
  }

  async countOnce(runId: string, counter: string, memberId: string): Promise<{ counted: boolean; value: number }> {
    checkCounter(runId, counter);
    checkStoreKey("memberId", memberId);
    return this.counters.countOnce(runId, counter, memberId);
  }

  async getCounter(runId: string, counter: string): Promise<number> {
    checkCounter(runId, counter);
    return this.counters.value(runId, counter);
  }

  private key(partition: string, sort: string): Item {
    return { [tableKeys.partition]: partition, [tableKeys.sort]: sort };
  }

  /** Puts `item` unless its key exists; true when it was stored. */
  private async putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: notExists }),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, "ConditionalCheckFailedException")) return false;
      throw error;
    }
  }

  private async getItem(partition: string, sort: string): Promise<Item | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(partition, sort), ConsistentRead: true }),
    );
    return Item;
  }

  private async requireRun(runId: string): Promise<RunRecord> {
    const item = await this.getItem(runKeys.partition(runId), runKeys.run);
    if (!item) throw new JudgeloopError("run_not_found", `run ${runId} does not exist`);
    return runFromItem(item);
  }

  private async queryAll(input: QueryCommandInput, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined && items.length < limit);
    return items;
  }
}

function checkJob(runId: string, jobId: string): void {
  checkRunId(runId);
  checkStoreKey("jobId", jobId);
}

function checkCounter(runId: string, counter: string): void {
  checkRunId(runId);
  checkStoreKey("counter", counter);
}
