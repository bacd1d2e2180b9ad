import { randomUUID } from "node:crypto";
import type { DatabaseSync, StatementSync } from "node:sqlite";
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
import { immediateTransaction } from "./open-sqlite.ts";

const schema = `
CREATE TABLE IF NOT EXISTS budget_accounts (
  run_id TEXT PRIMARY KEY, spent_nano INTEGER NOT NULL DEFAULT 0, reserved_nano INTEGER NOT NULL DEFAULT 0,
  calls INTEGER NOT NULL DEFAULT 0, open INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE TABLE IF NOT EXISTS budget_reservations (
  id TEXT PRIMARY KEY, run_id TEXT NOT NULL, amount_nano INTEGER NOT NULL) STRICT;
`;

/**
 * A BudgetLedger in SQLite, safe for many connections and processes on one file: each
 * reservation checks the caps and adds itself inside one `BEGIN IMMEDIATE` transaction, so
 * spend plus open reservations never passes the cap however many workers race. Amounts are
 * integer nanodollars, so sums are exact; reservation ids are random, so they never collide
 * across processes.
 *
 * @example
 * const ledger = new SqliteBudgetLedger(openSqlite(databasePathIn(home)));
 * const r = await ledger.reserve("run-1", 0.002, { capUsd: 5 });
 * if (r.ok) await ledger.reconcile(r.reservationId, 0.0013);
 */
export class SqliteBudgetLedger implements BudgetLedger {
  private readonly db: DatabaseSync;
  private readonly sql: ReturnType<typeof prepareStatements>;

  constructor(db: DatabaseSync) {
    db.exec(schema);
    this.db = db;
    this.sql = prepareStatements(db);
  }

  async reserve(runId: string, amountUsd: number, limits: BudgetLimits = {}): Promise<ReserveResult> {
    checkLedgerAmount("amountUsd", amountUsd);
    if (limits.capUsd !== undefined) checkLedgerAmount("capUsd", limits.capUsd);
    const amountNano = toNano(amountUsd);
    return immediateTransaction<ReserveResult>(this.db, () => {
      this.sql.openAccount.run(runId);
      const account = this.account(runId);
      if (
        limits.capUsd !== undefined &&
        account.spentNano + account.reservedNano + amountNano > toNano(limits.capUsd)
      ) {
        return { ok: false, limit: "cap_usd", spend: ledgerStanding(runId, account) };
      }
      if (limits.maxCalls !== undefined && account.calls + 1 > limits.maxCalls) {
        return { ok: false, limit: "max_calls", spend: ledgerStanding(runId, account) };
      }
      const reservationId = `${runId}#${randomUUID()}`;
      this.sql.addReservation.run(amountNano, runId);
      this.sql.insertReservation.run(reservationId, runId, amountNano);
      return { ok: true, reservationId };
    });
  }

  async reconcile(reservationId: string, actualUsd: number): Promise<void> {
    checkLedgerAmount("actualUsd", actualUsd);
    immediateTransaction(this.db, () => {
      const reservation = this.close(reservationId);
      this.sql.settle.run(reservation.amountNano, toNano(actualUsd), reservation.runId);
    });
  }

  async release(reservationId: string): Promise<void> {
    immediateTransaction(this.db, () => {
      const reservation = this.close(reservationId);
      this.sql.giveBack.run(reservation.amountNano, reservation.runId);
    });
  }

  async spent(runId: string): Promise<number> {
    return toUsd(Number(this.sql.selectAccount.get(runId)?.spent_nano ?? 0));
  }

  async snapshot(): Promise<RunSpend[]> {
    return this.sql.selectAccounts.all().map((row) => ledgerStanding(String(row.run_id), accountOf(row)));
  }

  private account(runId: string): LedgerAccount {
    const row = this.sql.selectAccount.get(runId);
    if (!row) throw new JudgeloopError("ledger_corrupt", `budget account of run ${runId} vanished`);
    return accountOf(row);
  }

  private close(reservationId: string): { runId: string; amountNano: number } {
    const row = this.sql.deleteReservation.get(reservationId);
    if (!row) {
      throw new JudgeloopError("unknown_reservation", `reservation ${reservationId} is unknown or already settled`);
    }
    return { runId: String(row.run_id), amountNano: Number(row.amount_nano) };
  }
}

function prepareStatements(db: DatabaseSync) {
  const prepare = (sql: string): StatementSync => db.prepare(sql);
  return {
    openAccount: prepare("INSERT INTO budget_accounts (run_id) VALUES (?) ON CONFLICT DO NOTHING"),
    selectAccount: prepare("SELECT * FROM budget_accounts WHERE run_id = ?"),
    selectAccounts: prepare("SELECT * FROM budget_accounts ORDER BY run_id"),
    addReservation: prepare(
      "UPDATE budget_accounts SET reserved_nano = reserved_nano + ?, calls = calls + 1, open = open + 1 WHERE run_id = ?",
    ),
    insertReservation: prepare("INSERT INTO budget_reservations (id, run_id, amount_nano) VALUES (?, ?, ?)"),
    deleteReservation: prepare("DELETE FROM budget_reservations WHERE id = ? RETURNING run_id, amount_nano"),
    settle: prepare(
      "UPDATE budget_accounts SET reserved_nano = reserved_nano - ?, spent_nano = spent_nano + ?, open = open - 1 WHERE run_id = ?",
    ),
    giveBack: prepare(
      "UPDATE budget_accounts SET reserved_nano = reserved_nano - ?, calls = calls - 1, open = open - 1 WHERE run_id = ?",
    ),
  };
}

function accountOf(row: Record<string, unknown>): LedgerAccount {
  return {
    spentNano: Number(row.spent_nano),
    reservedNano: Number(row.reserved_nano),
    calls: Number(row.calls),
    open: Number(row.open),
  };
}
