import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";

export interface OpenSqliteOptions {
  /** How long a writer waits for another connection's lock before failing; default 10 s. */
  busyTimeoutMs?: number;
}

/** The database file inside a judgeloop home directory (`JUDGELOOP_HOME`, default `.judgeloop/`). */
export function databasePathIn(home: string): string {
  return join(home, "judgeloop.db");
}

/**
 * Opens (creating it and its directory if needed) a SQLite database set up for several
 * writers: WAL journal so readers never block the writer, a busy timeout so a writer waits
 * for another connection's lock instead of failing, and `synchronous=NORMAL`, which in WAL
 * mode survives a process crash (only an OS crash can lose the last commits).
 *
 * @example
 * const db = openSqlite(databasePathIn(".judgeloop"));
 */
export function openSqlite(path: string, options: OpenSqliteOptions = {}): DatabaseSync {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 10_000))}`);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  return db;
}

/**
 * Runs `work` inside `BEGIN IMMEDIATE … COMMIT`: the write lock is taken before the first
 * read, so a read-modify-write cannot interleave with another connection's (and waits out
 * the busy timeout instead of failing with SQLITE_BUSY halfway). `work` must be synchronous:
 * holding a transaction across an await would block every other connection in the process.
 *
 * @example
 * const value = immediateTransaction(db, () => { const row = select.get(id); update.run(id); return row; });
 */
export function immediateTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}
