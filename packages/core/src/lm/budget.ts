import { JudgeloopError } from "../errors.ts";
import { checkLedgerAmount, type LedgerAccount, ledgerStanding, toNano, toUsd } from "./ledger-account.ts";

/** Caps a run's spending. Either may be absent; both are checked atomically with the reservation. */
export interface BudgetLimits {
  /** Dollars the run may commit, spent and reserved together. */
  capUsd?: number;
  /** LM calls the run may make (a reservation counts as a call until released). */
  maxCalls?: number;
}

/** A refusal names the limit that would have been passed. */
export type ReserveResult =
  | { ok: true; reservationId: string }
  | { ok: false; limit: "cap_usd" | "max_calls"; spend: RunSpend };

/** Where one run stands. Dollars are exact to a nanodollar. */
export interface RunSpend {
  runId: string;
  /** Dollars reconciled to real usage. */
  spentUsd: number;
  /** Dollars held by reservations not yet reconciled or released. */
  reservedUsd: number;
  /** Calls reserved so far, minus released ones. */
  calls: number;
  openReservations: number;
}

/**
 * Port: the ledger that keeps every run under its cap. `reserve` must be one atomic
 * check-and-add (a conditional update in SQLite or DynamoDB), so spend plus open reservations
 * never passes the cap however many callers race. Amounts and results are plain JSON.
 *
 * @example
 * const r = await ledger.reserve("run-1", 0.002, { capUsd: 5 });
 * if (r.ok) await ledger.reconcile(r.reservationId, 0.0013);
 */
export interface BudgetLedger {
  /** Holds `amountUsd` (and one call) for `runId` unless that would pass `limits`. */
  reserve(runId: string, amountUsd: number, limits?: BudgetLimits): Promise<ReserveResult>;
  /**
   * Settles a reservation at the real cost, returning the unused part to the run. The real cost
   * is recorded even if it exceeds the reservation (token estimates for some providers are
   * approximate), so later reservations are checked against the truth.
   */
  reconcile(reservationId: string, actualUsd: number): Promise<void>;
  /** Drops a reservation whose call failed: its money and its call go back to the run. */
  release(reservationId: string): Promise<void>;
  /** Dollars the run has spent (reconciled), excluding open reservations. */
  spent(runId: string): Promise<number>;
  /** Every run's standing. */
  snapshot(): Promise<RunSpend[]>;
}

interface OpenReservation {
  runId: string;
  amountNano: number;
}

/**
 * In-process ledger. Amounts are kept as integer nanodollars so sums are exact; every method
 * does its check and update in one synchronous step, which makes `reserve` atomic in a
 * single-threaded runtime no matter how callers interleave.
 *
 * @example
 * const ledger = new MemoryBudgetLedger();
 * await ledger.reserve("run-1", 0.01, { capUsd: 1, maxCalls: 100 });
 */
export class MemoryBudgetLedger implements BudgetLedger {
  private readonly runs = new Map<string, LedgerAccount>();
  private readonly reservations = new Map<string, OpenReservation>();
  private nextId = 1;

  async reserve(runId: string, amountUsd: number, limits: BudgetLimits = {}): Promise<ReserveResult> {
    checkLedgerAmount("amountUsd", amountUsd);
    const amountNano = toNano(amountUsd);
    const account = this.account(runId);
    if (limits.capUsd !== undefined) {
      checkLedgerAmount("capUsd", limits.capUsd);
      if (account.spentNano + account.reservedNano + amountNano > toNano(limits.capUsd)) {
        return { ok: false, limit: "cap_usd", spend: ledgerStanding(runId, account) };
      }
    }
    if (limits.maxCalls !== undefined && account.calls + 1 > limits.maxCalls) {
      return { ok: false, limit: "max_calls", spend: ledgerStanding(runId, account) };
    }
    account.reservedNano += amountNano;
    account.calls += 1;
    account.open += 1;
    const reservationId = `${runId}#${this.nextId++}`;
    this.reservations.set(reservationId, { runId, amountNano });
    return { ok: true, reservationId };
  }

  async reconcile(reservationId: string, actualUsd: number): Promise<void> {
    checkLedgerAmount("actualUsd", actualUsd);
    const { account, reservation } = this.close(reservationId);
    account.reservedNano -= reservation.amountNano;
    account.spentNano += toNano(actualUsd);
  }

  async release(reservationId: string): Promise<void> {
    const { account, reservation } = this.close(reservationId);
    account.reservedNano -= reservation.amountNano;
    account.calls -= 1;
  }

  async spent(runId: string): Promise<number> {
    return toUsd(this.runs.get(runId)?.spentNano ?? 0);
  }

  async snapshot(): Promise<RunSpend[]> {
    return [...this.runs].map(([runId, account]) => ledgerStanding(runId, account));
  }

  private account(runId: string): LedgerAccount {
    let account = this.runs.get(runId);
    if (!account) {
      account = { spentNano: 0, reservedNano: 0, calls: 0, open: 0 };
      this.runs.set(runId, account);
    }
    return account;
  }

  private close(reservationId: string): { account: LedgerAccount; reservation: OpenReservation } {
    const reservation = this.reservations.get(reservationId);
    if (!reservation) {
      throw new JudgeloopError("unknown_reservation", `reservation ${reservationId} is unknown or already settled`);
    }
    this.reservations.delete(reservationId);
    const account = this.account(reservation.runId);
    account.open -= 1;
    return { account, reservation };
  }
}
