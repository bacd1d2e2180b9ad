import type { DatabaseSync } from "node:sqlite";
import {
  databasePathIn,
  openSqlite,
  SqliteBudgetLedger,
  SqliteCacheStore,
  SqliteJobQueue,
  SqliteRunStore,
} from "@judgeloop/local";
import { budgetLedgerContract } from "./budget-ledger.contract.ts";
import { cacheStoreContract } from "./cache-store.contract.ts";
import { ManualClock, temporaryDirectory } from "./harness.ts";
import { jobQueueContract } from "./job-queue.contract.ts";
import { runStoreContract } from "./run-store.contract.ts";

// Every SQLite adapter against its port's contract (FileArtifactStore runs in artifact-store.test.ts).

/**
 * A database file in a fresh directory; `open` gives another connection to it (as another
 * process would have), `close` closes them all and deletes the directory.
 */
async function sqliteFile(label: string) {
  const dir = await temporaryDirectory(label);
  const path = databasePathIn(dir.path);
  const connections: DatabaseSync[] = [];
  return {
    path,
    open(): DatabaseSync {
      const db = openSqlite(path);
      connections.push(db);
      return db;
    },
    async close(): Promise<void> {
      for (const db of connections) if (db.isOpen) db.close();
      await dir.remove();
    },
  };
}

runStoreContract("SqliteRunStore", async () => {
  const file = await sqliteFile("runs");
  return {
    store: new SqliteRunStore(file.open()),
    connect: async () => new SqliteRunStore(file.open()),
    close: file.close,
  };
});

jobQueueContract("SqliteJobQueue", async ({ maxReceives }) => {
  const file = await sqliteFile("queue");
  const clock = new ManualClock();
  const first = file.open();
  return {
    queue: new SqliteJobQueue(first, { maxReceives, now: clock.now, owner: "consumer-1" }),
    advance: async (ms) => clock.advance(ms),
    connect: async () => new SqliteJobQueue(file.open(), { maxReceives, now: clock.now, owner: "consumer-2" }),
    reopen: async () => {
      first.close();
      return new SqliteJobQueue(file.open(), { maxReceives, now: clock.now, owner: "consumer-3" });
    },
    close: file.close,
  };
});

budgetLedgerContract("SqliteBudgetLedger", async () => {
  const file = await sqliteFile("ledger");
  return {
    ledger: new SqliteBudgetLedger(file.open()),
    connect: async () => new SqliteBudgetLedger(file.open()),
    close: file.close,
  };
});

cacheStoreContract("SqliteCacheStore", async () => {
  const file = await sqliteFile("cache");
  const first = file.open();
  return {
    store: new SqliteCacheStore(first),
    reopen: async () => {
      first.close();
      return new SqliteCacheStore(file.open());
    },
    close: file.close,
  };
});
