import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type BudgetLedger,
  type BudgetLimits,
  checkLedgerAmount,
  JudgeloopError,
  type LedgerAccount,
  ledgerStanding,
  type ReserveResult,
  type RunSpend,
  toNano,
  toUsd,
} from "@judgeloop/core";
import { isAwsError } from "../aws-errors.ts";
import { documentClient, tableKeys } from "./table.ts";

export interface DynamoBudgetLedgerOptions {
  tableName: string;
}

const accountSort = "ACCOUNT";
const accountPartition = (runId: string) => `BUDGET#${runId}`;
const reservationPartition = (reservationId: string) => `RESERVATION#${reservationId}`;

/**
 * A BudgetLedger in the judgeloop table. A run's account is one item whose `committedNano`
 * (spent plus reserved) moves with every change, so `reserve` is ONE conditional `ADD`:
 * a condition cannot add, so it compares `committedNano <= cap - amount`, computed here.
 * Racing reservers are serialized by DynamoDB and never pass the cap.
 *
 * Without transactions, a reservation is its own item, written before the account is charged
 * and deleted before it is credited back: a crash between the two writes can only leave money
 * held (the run stops early), never let it spend past the cap. Amounts are integer nanodollars.
 *
 * @example
 * const ledger = new DynamoBudgetLedger(dynamodb, { tableName: "judgeloop" });
 * const r = await ledger.reserve("run-1", 0.002, { capUsd: 5 });
 * if (r.ok) await ledger.reconcile(r.reservationId, 0.0013);
 */
export class DynamoBudgetLedger implements BudgetLedger {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBClient, options: DynamoBudgetLedgerOptions) {
    this.documents = documentClient(client);
    this.tableName = options.tableName;
  }

  async reserve(runId: string, amountUsd: number, limits: BudgetLimits = {}): Promise<ReserveResult> {
    checkLedgerAmount("amountUsd", amountUsd);
    if (limits.capUsd !== undefined) checkLedgerAmount("capUsd", limits.capUsd);
    const amountNano = toNano(amountUsd);
    const roomNano = limits.capUsd === undefined ? undefined : toNano(limits.capUsd) - amountNano;
    const callsRoom = limits.maxCalls === undefined ? undefined : limits.maxCalls - 1;
    if ((roomNano ?? 0) < 0 || (callsRoom ?? 0) < 0) return this.refusal(runId, amountNano, limits);
    const reservationId = `${runId}#${randomUUID()}`;
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key(reservationPartition(reservationId), "RESERVATION"), runId, amountNano },
      }),
    );
    if (await this.charge(runId, amountNano, roomNano, callsRoom)) return { ok: true, reservationId };
    await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: key(reservationPartition(reservationId), "RESERVATION") }),
    );
    return this.refusal(runId, amountNano, limits);
  }

  async reconcile(reservationId: string, actualUsd: number): Promise<void> {
    checkLedgerAmount("actualUsd", actualUsd);
    const { runId, amountNano } = await this.close(reservationId);
    const actualNano = toNano(actualUsd);
    await this.adjust(runId, {
      reservedNano: -amountNano,
      committedNano: actualNano - amountNano,
      spentNano: actualNano,
      open: -1,
    });
  }

  async release(reservationId: string): Promise<void> {
    const { runId, amountNano } = await this.close(reservationId);
    await this.adjust(runId, { reservedNano: -amountNano, committedNano: -amountNano, calls: -1, open: -1 });
  }

  async spent(runId: string): Promise<number> {
    return toUsd((await this.account(runId)).spentNano);
  }

  /** Every run's standing, sorted by run id. A Scan of the table: for reports, not hot paths. */
  async snapshot(): Promise<RunSpend[]> {
    const spends: RunSpend[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: "#sk = :account AND begins_with(#pk, :budget)",
          ExpressionAttributeNames: { "#pk": tableKeys.partition, "#sk": tableKeys.sort },
          ExpressionAttributeValues: { ":account": accountSort, ":budget": accountPartition("") },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) spends.push(ledgerStanding(String(item.runId), accountOf(item)));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return spends.sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
  }

  /** Adds one reservation to the account unless that passes a limit; false when refused. */
  private async charge(runId: string, amountNano: number, roomNano?: number, callsRoom?: number): Promise<boolean> {
    const conditions: string[] = [];
    const values: Record<string, unknown> = { ":amount": amountNano, ":one": 1, ":runId": runId };
    if (roomNano !== undefined) {
      conditions.push("(attribute_not_exists(committedNano) OR committedNano <= :room)");
      values[":room"] = roomNano;
    }
    if (callsRoom !== undefined) {
      conditions.push("(attribute_not_exists(calls) OR calls <= :callsRoom)");
      values[":callsRoom"] = callsRoom;
    }
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(accountPartition(runId), accountSort),
          UpdateExpression:
            "SET runId = :runId ADD reservedNano :amount, committedNano :amount, calls :one, #open :one",
          ConditionExpression: conditions.length > 0 ? conditions.join(" AND ") : undefined,
          ExpressionAttributeNames: { "#open": "open" },
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, "ConditionalCheckFailedException")) return false;
      throw error;
    }
  }

  private async refusal(runId: string, amountNano: number, limits: BudgetLimits): Promise<ReserveResult> {
    const account = await this.openAccount(runId);
    const overCap =
      limits.capUsd !== undefined && account.spentNano + account.reservedNano + amountNano > toNano(limits.capUsd);
    const overCalls = limits.maxCalls !== undefined && account.calls + 1 > limits.maxCalls;
    // The account may have moved since the refused update; name the limit that was given then.
    const limit = overCap || (!overCalls && limits.capUsd !== undefined) ? "cap_usd" : "max_calls";
    return { ok: false, limit, spend: ledgerStanding(runId, account) };
  }

  /** Deletes a reservation, returning what it held; unknown or settled ones throw. */
  private async close(reservationId: string): Promise<{ runId: string; amountNano: number }> {
    try {
      const { Attributes } = await this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key(reservationPartition(reservationId), "RESERVATION"),
          ConditionExpression: `attribute_exists(${tableKeys.partition})`,
          ReturnValues: "ALL_OLD",
        }),
      );
      return { runId: String(Attributes?.runId), amountNano: Number(Attributes?.amountNano) };
    } catch (error) {
      if (!isAwsError(error, "ConditionalCheckFailedException")) throw error;
      throw new JudgeloopError("unknown_reservation", `reservation ${reservationId} is unknown or already settled`);
    }
  }

  private async adjust(runId: string, deltas: Partial<Record<keyof LedgerAccount | "committedNano", number>>) {
    const entries = Object.entries(deltas);
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(accountPartition(runId), accountSort),
        UpdateExpression: `ADD ${entries.map((_, position) => `#a${position} :d${position}`).join(", ")}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], position) => [`#a${position}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, delta], position) => [`:d${position}`, delta])),
      }),
    );
  }

  /** The account, created empty if the run has none, as the other ledgers list refused runs too. */
  private async openAccount(runId: string): Promise<LedgerAccount> {
    const { Attributes } = await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(accountPartition(runId), accountSort),
        UpdateExpression: "SET runId = :runId",
        ExpressionAttributeValues: { ":runId": runId },
        ReturnValues: "ALL_NEW",
      }),
    );
    return accountOf(Attributes ?? {});
  }

  private async account(runId: string): Promise<LedgerAccount> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key(accountPartition(runId), accountSort),
        ConsistentRead: true,
      }),
    );
    return accountOf(Item ?? {});
  }
}

function key(partition: string, sort: string): Record<string, string> {
  return { [tableKeys.partition]: partition, [tableKeys.sort]: sort };
}

function accountOf(item: Record<string, unknown>): LedgerAccount {
  return {
    spentNano: Number(item.spentNano ?? 0),
    reservedNano: Number(item.reservedNano ?? 0),
    calls: Number(item.calls ?? 0),
    open: Number(item.open ?? 0),
  };
}
