import { JudgeloopError } from "../errors.ts";
import type { RunSpend } from "./budget.ts";

/**
 * The arithmetic every BudgetLedger adapter shares. Money is kept in integer nanodollars so sums
 * are exact whatever the backend (memory, SQLite, DynamoDB).
 */
export interface LedgerAccount {
  spentNano: number;
  reservedNano: number;
  calls: number;
  open: number;
}

const nanoPerUsd = 1e9;

/** Dollars → whole nanodollars. @example toNano(0.25); // 250_000_000 */
export const toNano = (usd: number): number => Math.round(usd * nanoPerUsd);

/** Nanodollars → dollars. @example toUsd(250_000_000); // 0.25 */
export const toUsd = (nano: number): number => nano / nanoPerUsd;

/** A run's account as the port reports it. @example ledgerStanding("run-1", account).spentUsd */
export function ledgerStanding(runId: string, account: LedgerAccount): RunSpend {
  return {
    runId,
    spentUsd: toUsd(account.spentNano),
    reservedUsd: toUsd(account.reservedNano),
    calls: account.calls,
    openReservations: account.open,
  };
}

/** Refuses a negative or non-finite amount, naming the argument. @example checkLedgerAmount("amountUsd", 0.1) */
export function checkLedgerAmount(name: string, usd: number): void {
  if (!Number.isFinite(usd) || usd < 0) {
    throw new JudgeloopError("bad_amount", `budget ledger: \`${name}\` must be a finite number ≥ 0, got ${usd}`);
  }
}
