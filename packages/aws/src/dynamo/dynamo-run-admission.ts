import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { checkRunId, isTerminalRunStatus, type RunStore } from "@judgeloop/core";
import { isAwsError } from "../aws-errors.ts";
import { documentClient, tableKeys } from "./table.ts";

export interface DynamoRunAdmissionOptions {
  tableName: string;
  /** Reads the runs holding slots, to take back the slots of runs that ended without giving theirs back. */
  runStore: Pick<RunStore, "getRun">;
  now?: () => Date;
  /**
   * How long a slot may belong to a run that was never created before it is taken back: longer
   * than any start request can take (a Lambda runs 15 minutes at most). Default 900.
   */
  orphanAfterSeconds?: number;
}

/** The one item that holds the active runs: `members` (a string set of run ids), `since#<runId>` (epoch seconds). */
export const admissionKey = { [tableKeys.partition]: "ADMISSION", [tableKeys.sort]: "ACTIVE_RUNS" } as const;
const sinceOf = (runId: string) => `since#${runId}`;

type Item = Record<string, unknown>;

/**
 * The API's RunAdmission on DynamoDB: one item whose string set `members` holds the active
 * runs. Admitting is one conditional `ADD` (fewer than `maxActive` members and not a member
 * yet), so concurrent starts cannot pass the cap however they interleave, unlike a count of the
 * eventually consistent runs index. A run's slot is given back when the run store records it
 * ended (`releaseAdmission`); should that write be lost, an admission that finds the set full
 * takes back the slots of ended runs (and of runs never created after `orphanAfterSeconds`)
 * and tries once more. No transactions: dynalite has none, and one item needs none.
 *
 * @example
 * const admission = new DynamoRunAdmission(dynamodb, { tableName, runStore });
 * await admission.admit("run-1", 20); // { admitted: true, active: 1 }
 */
export class DynamoRunAdmission {
  private readonly documents: DynamoDBDocumentClient;
  private readonly options: DynamoRunAdmissionOptions;

  constructor(client: DynamoDBClient, options: DynamoRunAdmissionOptions) {
    this.documents = documentClient(client);
    this.options = options;
  }

  async admit(runId: string, maxActive: number): Promise<{ admitted: boolean; active: number }> {
    checkRunId(runId);
    const first = await this.tryAdmit(runId, maxActive);
    if (first.admitted) return { admitted: true, active: first.active };
    // Full: take back what ended runs still hold. Not full any more: a slot freed meanwhile.
    if (first.active >= maxActive && (await this.reclaimEnded(first.item)) === 0) {
      return { admitted: false, active: first.active };
    }
    const second = await this.tryAdmit(runId, maxActive);
    return { admitted: second.admitted, active: second.active };
  }

  /** The runs holding a slot now (a consistent read). */
  async activeRuns(): Promise<string[]> {
    return [...membersOf(await this.read())].sort();
  }

  private async tryAdmit(runId: string, maxActive: number) {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: admissionKey,
          UpdateExpression: "ADD #members :run SET #since = :now",
          ConditionExpression:
            "attribute_not_exists(#members) OR (size(#members) < :max AND NOT contains(#members, :id))",
          ExpressionAttributeNames: { "#members": "members", "#since": sinceOf(runId) },
          ExpressionAttributeValues: {
            ":run": new Set([runId]),
            ":id": runId,
            ":max": maxActive,
            ":now": this.nowSeconds(),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return { admitted: true, active: membersOf(Attributes).size, item: Attributes as Item | undefined };
    } catch (error) {
      if (!isAwsError(error, "ConditionalCheckFailedException")) throw error;
      const item = await this.read();
      const members = membersOf(item);
      // A retried start of a run that holds its slot already is admitted again.
      return { admitted: members.has(runId), active: members.size, item };
    }
  }

  /** Takes back the slots of runs that ended (or were never created); how many it took. */
  private async reclaimEnded(item: Item | undefined): Promise<number> {
    const orphanBefore = this.nowSeconds() - (this.options.orphanAfterSeconds ?? 900);
    let reclaimed = 0;
    for (const runId of membersOf(item)) {
      const run = await this.options.runStore.getRun(runId);
      const since = Number(item?.[sinceOf(runId)] ?? 0);
      const ended = run === null ? since < orphanBefore : isTerminalRunStatus(run.status);
      if (ended && (await releaseAdmission(this.documents, this.options.tableName, runId))) reclaimed++;
    }
    return reclaimed;
  }

  private async read(): Promise<Item | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.options.tableName, Key: admissionKey, ConsistentRead: true }),
    );
    return Item;
  }

  private nowSeconds(): number {
    return Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
  }
}

/**
 * Gives back `runId`'s admission slot, if it holds one (one conditional update; a run that
 * holds none, like a pipeline's optimization, changes nothing). True when a slot was freed.
 *
 * @example
 * await releaseAdmission(documents, tableName, "run-1");
 */
export async function releaseAdmission(
  documents: DynamoDBDocumentClient,
  tableName: string,
  runId: string,
): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: admissionKey,
        UpdateExpression: "DELETE #members :run REMOVE #since",
        ConditionExpression: "contains(#members, :id)",
        ExpressionAttributeNames: { "#members": "members", "#since": sinceOf(runId) },
        ExpressionAttributeValues: { ":run": new Set([runId]), ":id": runId },
      }),
    );
    return true;
  } catch (error) {
    if (isAwsError(error, "ConditionalCheckFailedException")) return false;
    throw error;
  }
}

function membersOf(item: Item | undefined): Set<string> {
  const members = item?.members;
  return members instanceof Set ? (members as Set<string>) : new Set();
}
