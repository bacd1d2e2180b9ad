import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { type CacheEntry, type CacheStore, JudgeloopError, toJsonText } from "@judgeloop/core";
import { documentClient, tableKeys } from "./table.ts";

export interface DynamoCacheStoreOptions {
  tableName: string;
  /** How long an entry lives; default 30 days. The table's TTL deletes it some time after. */
  ttlSeconds?: number;
  /** Epoch milliseconds; default the system clock. */
  now?: () => number;
}

const defaultTtlSeconds = 30 * 24 * 3600;

/**
 * A CacheStore in the judgeloop table: one item per content-addressed key with an `expiresAt`
 * TTL attribute. DynamoDB deletes expired items lazily (up to days later), so `get` also
 * treats an expired item as a miss.
 *
 * @example
 * const lm = withCache(provider, new DynamoCacheStore(dynamodb, { tableName: "judgeloop" }), { mode: "read-write" });
 */
export class DynamoCacheStore implements CacheStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(client: DynamoDBClient, options: DynamoCacheStoreOptions) {
    this.documents = documentClient(client);
    this.tableName = options.tableName;
    this.ttlSeconds = options.ttlSeconds ?? defaultTtlSeconds;
    if (!Number.isFinite(this.ttlSeconds) || this.ttlSeconds <= 0) {
      throw new JudgeloopError(
        "bad_option",
        `DynamoCacheStore ttlSeconds must be a positive number, got ${this.ttlSeconds}`,
      );
    }
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: itemKey(key) }));
    if (!Item || Number(Item[tableKeys.expiresAt]) * 1000 <= this.now()) return undefined;
    return JSON.parse(String(Item.entry)) as CacheEntry;
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    const expiresAt = Math.ceil(this.now() / 1000 + this.ttlSeconds);
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...itemKey(key), entry: toJsonText(entry, "cache entry"), [tableKeys.expiresAt]: expiresAt },
      }),
    );
  }
}

function itemKey(key: string): Record<string, string> {
  if (key.length === 0) throw new JudgeloopError("bad_cache_key", "a cache key must not be empty");
  return { [tableKeys.partition]: `CACHE#${key}`, [tableKeys.sort]: "CACHE" };
}
