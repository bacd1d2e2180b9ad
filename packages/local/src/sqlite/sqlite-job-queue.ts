import { randomUUID } from "node:crypto";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import {
  checkFailOptions,
  checkMaxReceives,
  checkReceive,
  type DeadLetter,
  type Delivery,
  defaultMaxReceives,
  type FailOptions,
  type JobQueue,
  jobBodies,
  type QueuedJob,
} from "@judgeloop/core";
import { immediateTransaction } from "./open-sqlite.ts";

const schema = `
CREATE TABLE IF NOT EXISTS queue_jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, job_id TEXT NOT NULL, body TEXT NOT NULL,
  visible_at INTEGER NOT NULL, receive_count INTEGER NOT NULL DEFAULT 0, receipt TEXT UNIQUE, owner TEXT,
  last_error TEXT, UNIQUE (run_id, job_id)) STRICT;
CREATE INDEX IF NOT EXISTS queue_jobs_visible ON queue_jobs (visible_at);
CREATE INDEX IF NOT EXISTS queue_jobs_owner ON queue_jobs (owner);
CREATE TABLE IF NOT EXISTS queue_dead_letters (
  run_id TEXT NOT NULL, job_id TEXT NOT NULL, body TEXT NOT NULL, receive_count INTEGER NOT NULL,
  last_error TEXT, dead_at INTEGER NOT NULL, PRIMARY KEY (run_id, job_id)) STRICT;
`;

export interface SqliteJobQueueOptions {
  /** Receives after which an unacked job is dead-lettered; default 5. */
  maxReceives?: number;
  /** Epoch milliseconds; inject a manual clock to step past timeouts in tests. */
  now?: () => number;
  /** Names this consumer on the jobs it holds; default `pid:<process id>`. */
  owner?: string;
  /** Whether the consumer named `owner` still lives; default: for `pid:N`, whether process N exists. */
  isOwnerAlive?: (owner: string) => boolean;
}

/**
 * A JobQueue in SQLite, so queued and in-flight jobs survive a crash of the process, and
 * several processes can consume one file. Receiving, failing and dead-lettering each run in
 * one `BEGIN IMMEDIATE` transaction, so no two consumers get the same delivery. A job id
 * already waiting in its run is not enqueued twice (a resumed run re-enqueues safely).
 *
 * @example
 * const queue = new SqliteJobQueue(openSqlite(databasePathIn(home)), { maxReceives: 5 });
 * await queue.recoverAbandoned(); // jobs a killed process held become visible at once
 */
export class SqliteJobQueue implements JobQueue {
  private readonly db: DatabaseSync;
  private readonly sql: ReturnType<typeof prepareStatements>;
  private readonly maxReceives: number;
  private readonly now: () => number;
  private readonly owner: string;
  private readonly isOwnerAlive: (owner: string) => boolean;

  constructor(db: DatabaseSync, options: SqliteJobQueueOptions = {}) {
    this.maxReceives = options.maxReceives ?? defaultMaxReceives;
    checkMaxReceives(this.maxReceives);
    db.exec(schema);
    this.db = db;
    this.sql = prepareStatements(db);
    this.now = options.now ?? Date.now;
    this.owner = options.owner ?? `pid:${process.pid}`;
    this.isOwnerAlive = options.isOwnerAlive ?? processIsAlive;
  }

  async enqueueBatch(jobs: readonly QueuedJob[]): Promise<void> {
    const bodies = jobBodies(jobs);
    const visibleAt = this.now();
    immediateTransaction(this.db, () => {
      jobs.forEach((job, position) => {
        this.sql.insertJob.run(job.runId, job.id, bodies[position] ?? "null", visibleAt);
      });
    });
  }

  async receive(max: number, visibilityTimeoutMs: number): Promise<Delivery[]> {
    checkReceive(max, visibilityTimeoutMs);
    const now = this.now();
    return immediateTransaction(this.db, () => {
      this.sql.buryExhausted.run(now, now, this.maxReceives);
      this.sql.deleteExhausted.run(now, this.maxReceives);
      return this.sql.selectVisible.all(now, max).map((row) => {
        const receipt = randomUUID();
        const receiveCount = Number(row.receive_count) + 1;
        this.sql.markReceived.run(receiveCount, receipt, this.owner, now + visibilityTimeoutMs, row.seq ?? null);
        return { job: JSON.parse(String(row.body)) as QueuedJob, receipt, receiveCount };
      });
    });
  }

  async ack(receipt: string): Promise<void> {
    this.sql.deleteByReceipt.run(receipt);
  }

  async fail(receipt: string, options: FailOptions): Promise<{ deadLettered: boolean }> {
    checkFailOptions(options);
    const now = this.now();
    return immediateTransaction(this.db, () => {
      const row = this.sql.selectByReceipt.get(receipt);
      if (!row) return { deadLettered: false };
      this.sql.markFailed.run(now + options.retryDelayMs, options.error, row.seq ?? null);
      if (Number(row.receive_count) < this.maxReceives) return { deadLettered: false };
      this.sql.buryOne.run(now, row.seq ?? null);
      this.sql.deleteOne.run(row.seq ?? null);
      return { deadLettered: true };
    });
  }

  async listDeadLetters(runId?: string): Promise<DeadLetter[]> {
    const rows = runId === undefined ? this.sql.listDead.all() : this.sql.listDeadOfRun.all(runId);
    return rows.map((row) => ({
      job: JSON.parse(String(row.body)) as QueuedJob,
      receiveCount: Number(row.receive_count),
      error: row.last_error === null ? null : String(row.last_error),
      deadAt: Number(row.dead_at),
    }));
  }

  /** Makes visible at once the jobs held by consumers whose process has died; returns how many. */
  async recoverAbandoned(): Promise<number> {
    const now = this.now();
    return immediateTransaction(this.db, () => {
      let recovered = 0;
      for (const row of this.sql.selectOwners.all(this.owner)) {
        const owner = String(row.owner);
        if (!this.isOwnerAlive(owner)) recovered += Number(this.sql.releaseOwner.run(now, owner).changes);
      }
      return recovered;
    });
  }
}

function prepareStatements(db: DatabaseSync) {
  const prepare = (sql: string): StatementSync => db.prepare(sql);
  const bury = `INSERT INTO queue_dead_letters (run_id, job_id, body, receive_count, last_error, dead_at)
    SELECT run_id, job_id, body, receive_count, last_error, ? FROM queue_jobs`;
  const onConflict = `ON CONFLICT (run_id, job_id) DO UPDATE SET body = excluded.body,
    receive_count = excluded.receive_count, last_error = excluded.last_error, dead_at = excluded.dead_at`;
  return {
    insertJob: prepare(
      "INSERT INTO queue_jobs (run_id, job_id, body, visible_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    buryExhausted: prepare(`${bury} WHERE visible_at <= ? AND receive_count >= ? ${onConflict}`),
    deleteExhausted: prepare("DELETE FROM queue_jobs WHERE visible_at <= ? AND receive_count >= ?"),
    selectVisible: prepare(
      "SELECT seq, body, receive_count FROM queue_jobs WHERE visible_at <= ? ORDER BY seq LIMIT ?",
    ),
    markReceived: prepare(
      "UPDATE queue_jobs SET receive_count = ?, receipt = ?, owner = ?, visible_at = ? WHERE seq = ?",
    ),
    deleteByReceipt: prepare("DELETE FROM queue_jobs WHERE receipt = ?"),
    selectByReceipt: prepare("SELECT seq, receive_count FROM queue_jobs WHERE receipt = ?"),
    markFailed: prepare(
      "UPDATE queue_jobs SET visible_at = ?, last_error = ?, receipt = NULL, owner = NULL WHERE seq = ?",
    ),
    buryOne: prepare(`${bury} WHERE seq = ? ${onConflict}`),
    deleteOne: prepare("DELETE FROM queue_jobs WHERE seq = ?"),
    listDead: prepare("SELECT * FROM queue_dead_letters ORDER BY dead_at, run_id, job_id"),
    listDeadOfRun: prepare("SELECT * FROM queue_dead_letters WHERE run_id = ? ORDER BY dead_at, job_id"),
    selectOwners: prepare(
      "SELECT DISTINCT owner FROM queue_jobs WHERE receipt IS NOT NULL AND owner IS NOT NULL AND owner != ?",
    ),
    releaseOwner: prepare("UPDATE queue_jobs SET visible_at = ?, receipt = NULL, owner = NULL WHERE owner = ?"),
  };
}

/** True unless `owner` names a `pid:N` process that no longer exists. */
function processIsAlive(owner: string): boolean {
  const match = /^pid:(\d+)$/.exec(owner);
  if (!match) return true;
  try {
    process.kill(Number(match[1]), 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code !== "ESRCH";
  }
}
