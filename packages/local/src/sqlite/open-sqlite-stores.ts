import { type OpenSqliteOptions, openSqlite } from "./open-sqlite.ts";
import { SqliteBudgetLedger } from "./sqlite-budget-ledger.ts";
import { SqliteCacheStore } from "./sqlite-cache-store.ts";
import { SqliteJobQueue, type SqliteJobQueueOptions } from "./sqlite-job-queue.ts";
import { SqliteLabelStore } from "./sqlite-label-store.ts";
import { SqliteRunStore } from "./sqlite-run-store.ts";

export interface SqliteStores {
  runs: SqliteRunStore;
  ledger: SqliteBudgetLedger;
  cache: SqliteCacheStore;
  queue: SqliteJobQueue;
  /** SME label sets (`judgeloop label --ui`, /v1/labels). */
  labels: SqliteLabelStore;
  /** Closes the shared connection; the stores cannot be used afterwards. */
  close(): void;
}

export interface OpenSqliteStoresOptions extends OpenSqliteOptions {
  queue?: SqliteJobQueueOptions;
}

/**
 * Every SQLite-backed store of the embedded runtime on one connection to one database file
 * (see `databasePathIn`). Open one per process; processes share the file safely.
 *
 * @example
 * const stores = openSqliteStores(databasePathIn(home));
 * try { await stores.runs.getRun(id); } finally { stores.close(); }
 */
export function openSqliteStores(path: string, options: OpenSqliteStoresOptions = {}): SqliteStores {
  const db = openSqlite(path, options);
  return {
    runs: new SqliteRunStore(db),
    ledger: new SqliteBudgetLedger(db),
    cache: new SqliteCacheStore(db),
    queue: new SqliteJobQueue(db, options.queue),
    labels: new SqliteLabelStore(db),
    close: () => db.close(),
  };
}
