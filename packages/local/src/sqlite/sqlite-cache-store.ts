import type { DatabaseSync, StatementSync } from "node:sqlite";
import { type CacheEntry, type CacheStore, toJsonText } from "@judgeloop/core";

const schema = "CREATE TABLE IF NOT EXISTS lm_cache (key TEXT PRIMARY KEY, entry TEXT NOT NULL) STRICT";

/**
 * A CacheStore in SQLite: one row per content-addressed key, shared by every process that
 * opens the file, so a resumed run answers repeated calls from the cache.
 *
 * @example
 * const lm = withCache(provider, new SqliteCacheStore(openSqlite(databasePathIn(home))), { mode: "read-write" });
 */
export class SqliteCacheStore implements CacheStore {
  private readonly selectEntry: StatementSync;
  private readonly upsertEntry: StatementSync;

  constructor(db: DatabaseSync) {
    db.exec(schema);
    this.selectEntry = db.prepare("SELECT entry FROM lm_cache WHERE key = ?");
    this.upsertEntry = db.prepare(
      "INSERT INTO lm_cache (key, entry) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET entry = excluded.entry",
    );
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const row = this.selectEntry.get(key);
    return row ? (JSON.parse(String(row.entry)) as CacheEntry) : undefined;
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    this.upsertEntry.run(key, toJsonText(entry, "cache entry"));
  }
}
