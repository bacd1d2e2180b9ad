import type { DatabaseSync, StatementSync } from "node:sqlite";
import {
  applyRunPatch,
  checkCounterStep,
  checkRunId,
  checkStoreKey,
  checkTrial,
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
import { immediateTransaction } from "./open-sqlite.ts";

const schema = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, created_at TEXT NOT NULL, status TEXT NOT NULL, record TEXT NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS runs_newest ON runs (created_at DESC, id DESC);
CREATE TABLE IF NOT EXISTS run_trials (
  run_id TEXT NOT NULL, stage TEXT NOT NULL, idx INTEGER NOT NULL, record TEXT NOT NULL,
  PRIMARY KEY (run_id, stage, idx)) STRICT;
CREATE TABLE IF NOT EXISTS job_results (
  run_id TEXT NOT NULL, job_id TEXT NOT NULL, result TEXT NOT NULL, PRIMARY KEY (run_id, job_id)) STRICT;
CREATE TABLE IF NOT EXISTS run_counters (
  run_id TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (run_id, name)) STRICT;
CREATE TABLE IF NOT EXISTS run_counter_members (
  run_id TEXT NOT NULL, name TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (run_id, name, member)) STRICT;
`;

/**
 * A RunStore in SQLite. Each method is one statement or one `BEGIN IMMEDIATE` transaction,
 * so connections in several processes can share the file: results are put with
 * `INSERT … ON CONFLICT DO NOTHING` (exactly one writer stores), counters are one
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING` (no lost increments).
 *
 * @example
 * const runs = new SqliteRunStore(openSqlite(databasePathIn(home)));
 * await runs.putResultOnce("run-1", "job-1", { score: 1 }); // { stored: true }
 */
export class SqliteRunStore implements RunStore {
  private readonly db: DatabaseSync;
  private readonly sql: ReturnType<typeof prepareStatements>;

  constructor(db: DatabaseSync) {
    db.exec(schema);
    this.db = db;
    this.sql = prepareStatements(db);
  }

  async createRun(run: RunRecord): Promise<{ created: boolean; run: RunRecord }> {
    checkRunId(run.id);
    const text = toJsonText(run, `run ${run.id}`);
    const { changes } = this.sql.insertRun.run(run.id, run.createdAt, run.status, text);
    if (changes === 1) return { created: true, run: JSON.parse(text) };
    return { created: false, run: this.requireRun(run.id) };
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    checkRunId(runId);
    const row = this.sql.selectRun.get(runId);
    return row ? (JSON.parse(String(row.record)) as RunRecord) : null;
  }

  async listRuns(options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const limit = options.limit ?? 100;
    // Keyset paging: rows after `before` in (created_at DESC, id DESC) order.
    const before = options.before ?? { createdAt: "\uffff", id: "" };
    const position = [before.createdAt, before.createdAt, before.id] as const;
    const rows =
      options.status === undefined
        ? this.sql.listRuns.all(...position, limit)
        : this.sql.listRunsWithStatus.all(options.status, ...position, limit);
    return rows.map((row) => JSON.parse(String(row.record)) as RunRecord);
  }

  async updateRun(runId: string, patch: RunPatch, condition?: RunCondition): Promise<RunRecord | null> {
    checkRunId(runId);
    return immediateTransaction(this.db, () => {
      const run = this.requireRun(runId);
      if (!meetsRunCondition(run, condition)) return null;
      const next = applyRunPatch(run, patch);
      const text = toJsonText(next, `run ${runId}`);
      this.sql.updateRun.run(next.status, text, runId);
      return JSON.parse(text) as RunRecord;
    });
  }

  async appendTrial(runId: string, trial: TrialRecord): Promise<{ stored: boolean }> {
    checkRunId(runId);
    checkTrial(trial);
    const text = toJsonText(trial, `trial ${trial.stage}#${trial.index}`);
    const { changes } = this.sql.insertTrial.run(runId, trial.stage, trial.index, text);
    return { stored: changes === 1 };
  }

  async listTrials(runId: string, options: { stage?: string } = {}): Promise<TrialRecord[]> {
    checkRunId(runId);
    const rows =
      options.stage === undefined
        ? this.sql.listTrials.all(runId)
        : this.sql.listTrialsOfStage.all(runId, options.stage);
    return rows.map((row) => JSON.parse(String(row.record)) as TrialRecord);
  }

  async putResultOnce(runId: string, jobId: string, result: unknown): Promise<{ stored: boolean }> {
    checkJob(runId, jobId);
    const text = toJsonText(result, `result of job ${jobId}`);
    const { changes } = this.sql.insertResult.run(runId, jobId, text);
    return { stored: changes === 1 };
  }

  async getResults(runId: string, jobIds: readonly string[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    for (const jobId of jobIds) {
      checkJob(runId, jobId);
      const row = this.sql.selectResult.get(runId, jobId);
      if (row) found.set(jobId, JSON.parse(String(row.result)));
    }
    return found;
  }

  async increment(runId: string, counter: string, by = 1): Promise<number> {
    checkCounter(runId, counter);
    checkCounterStep(by);
    return Number(this.sql.addToCounter.get(runId, counter, by)?.value);
  }

  async countOnce(runId: string, counter: string, memberId: string): Promise<{ counted: boolean; value: number }> {
    checkCounter(runId, counter);
    checkStoreKey("memberId", memberId);
    return immediateTransaction(this.db, () => {
      const { changes } = this.sql.insertMember.run(runId, counter, memberId);
      if (changes === 0) return { counted: false, value: this.counterValue(runId, counter) };
      return { counted: true, value: Number(this.sql.addToCounter.get(runId, counter, 1)?.value) };
    });
  }

  async getCounter(runId: string, counter: string): Promise<number> {
    checkCounter(runId, counter);
    return this.counterValue(runId, counter);
  }

  private counterValue(runId: string, counter: string): number {
    return Number(this.sql.selectCounter.get(runId, counter)?.value ?? 0);
  }

  private requireRun(runId: string): RunRecord {
    const row = this.sql.selectRun.get(runId);
    if (!row) throw new JudgeloopError("run_not_found", `run ${runId} does not exist`);
    return JSON.parse(String(row.record)) as RunRecord;
  }
}

/** Rows listed after a position (created_at, id): older, or as old with a smaller id. */
const afterPosition = "(created_at < ? OR (created_at = ? AND id < ?))";

function prepareStatements(db: DatabaseSync) {
  const prepare = (sql: string): StatementSync => db.prepare(sql);
  return {
    insertRun: prepare(
      "INSERT INTO runs (id, created_at, status, record) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
    ),
    selectRun: prepare("SELECT record FROM runs WHERE id = ?"),
    updateRun: prepare("UPDATE runs SET status = ?, record = ? WHERE id = ?"),
    listRuns: prepare(`SELECT record FROM runs WHERE ${afterPosition} ORDER BY created_at DESC, id DESC LIMIT ?`),
    listRunsWithStatus: prepare(
      `SELECT record FROM runs WHERE status = ? AND ${afterPosition} ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
    insertTrial: prepare(
      "INSERT INTO run_trials (run_id, stage, idx, record) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    listTrials: prepare("SELECT record FROM run_trials WHERE run_id = ? ORDER BY stage, idx"),
    listTrialsOfStage: prepare("SELECT record FROM run_trials WHERE run_id = ? AND stage = ? ORDER BY idx"),
    insertResult: prepare("INSERT INTO job_results (run_id, job_id, result) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
    selectResult: prepare("SELECT result FROM job_results WHERE run_id = ? AND job_id = ?"),
    addToCounter: prepare(
      `INSERT INTO run_counters (run_id, name, value) VALUES (?1, ?2, ?3)
       ON CONFLICT (run_id, name) DO UPDATE SET value = value + excluded.value RETURNING value`,
    ),
    selectCounter: prepare("SELECT value FROM run_counters WHERE run_id = ? AND name = ?"),
    insertMember: prepare(
      "INSERT INTO run_counter_members (run_id, name, member) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ),
  };
}

function checkJob(runId: string, jobId: string): void {
  checkRunId(runId);
  checkStoreKey("jobId", jobId);
}

function checkCounter(runId: string, counter: string): void {
  checkRunId(runId);
  checkStoreKey("counter", counter);
}
