import type { BudgetLedger } from "@judgeloop/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rejectionCode } from "./harness.ts";

export interface BudgetLedgerHarness {
  ledger: BudgetLedger;
  /** A second connection to the same ledger, as another worker process would open. */
  connect?: () => Promise<BudgetLedger>;
  close(): Promise<void>;
}

async function reserved(ledger: BudgetLedger, runId: string, usd: number, capUsd?: number): Promise<string> {
  const result = await ledger.reserve(runId, usd, { capUsd });
  if (!result.ok) throw new Error(`expected the reservation of ${usd} to succeed`);
  return result.reservationId;
}

/**
 * The behaviour every BudgetLedger adapter must have: reservations that never let a run's
 * spend plus open reservations pass its cap, however many callers race.
 *
 * @example
 * budgetLedgerContract("MemoryBudgetLedger", async () => ({ ledger: new MemoryBudgetLedger(), close: async () => {} }));
 */
export function budgetLedgerContract(name: string, makeHarness: () => Promise<BudgetLedgerHarness>): void {
  describe(`${name} (BudgetLedger contract)`, () => {
    let harness: BudgetLedgerHarness;
    let ledger: BudgetLedger;
    let ledgers: BudgetLedger[];

    beforeEach(async () => {
      harness = await makeHarness();
      ledger = harness.ledger;
      ledgers = harness.connect ? [ledger, await harness.connect()] : [ledger];
    });
    afterEach(async () => {
      await harness.close();
    });

    const connection = (index: number): BudgetLedger => ledgers[index % ledgers.length] ?? ledger;

    it("refuses a reservation that would pass the cap and names the limit", async () => {
      await reserved(ledger, "run-1", 0.7, 1);

      const refused = await ledger.reserve("run-1", 0.4, { capUsd: 1 });

      expect(refused).toMatchObject({ ok: false, limit: "cap_usd", spend: { reservedUsd: 0.7, calls: 1 } });
    });

    it("accepts a reservation that lands exactly on the cap", async () => {
      await reserved(ledger, "run-1", 0.1, 0.3);
      await reserved(ledger, "run-1", 0.2, 0.3);

      const snapshot = await ledger.snapshot();

      expect(snapshot).toEqual([{ runId: "run-1", spentUsd: 0, reservedUsd: 0.3, calls: 2, openReservations: 2 }]);
    });

    it("returns the unused part of a reservation when it is reconciled", async () => {
      const id = await reserved(ledger, "run-1", 0.8, 1);
      expect((await ledger.reserve("run-1", 0.5, { capUsd: 1 })).ok).toBe(false);

      await ledger.reconcile(id, 0.3);

      expect(await ledger.spent("run-1")).toBe(0.3);
      expect((await ledger.reserve("run-1", 0.5, { capUsd: 1 })).ok).toBe(true);
    });

    it("records the real cost even when it exceeds the reservation", async () => {
      const id = await reserved(ledger, "run-1", 0.1, 1);

      await ledger.reconcile(id, 0.25);

      expect(await ledger.spent("run-1")).toBe(0.25);
      expect((await ledger.reserve("run-1", 0.8, { capUsd: 1 })).ok).toBe(false);
    });

    it("gives back the money and the call of a released reservation", async () => {
      const id = await reserved(ledger, "run-1", 0.5, 1);

      await ledger.release(id);

      expect(await ledger.snapshot()).toEqual([
        { runId: "run-1", spentUsd: 0, reservedUsd: 0, calls: 0, openReservations: 0 },
      ]);
    });

    it("enforces a cap on calls", async () => {
      await ledger.reserve("run-1", 0, { maxCalls: 2 });
      await ledger.reserve("run-1", 0, { maxCalls: 2 });

      const third = await ledger.reserve("run-1", 0, { maxCalls: 2 });

      expect(third).toMatchObject({ ok: false, limit: "max_calls" });
    });

    it("refuses to settle a reservation twice", async () => {
      const id = await reserved(ledger, "run-1", 0.1);
      await ledger.reconcile(id, 0.1);

      expect(await rejectionCode(ledger.reconcile(id, 0.1))).toBe("unknown_reservation");
      expect(await rejectionCode(ledger.release(id))).toBe("unknown_reservation");
    });

    it("keeps each run's account apart", async () => {
      await reserved(ledger, "run-1", 0.9, 1);

      const other = await ledger.reserve("run-2", 0.9, { capUsd: 1 });

      expect(other.ok).toBe(true);
      const runs = (await ledger.snapshot()).map((s) => s.runId).sort();
      expect(runs).toEqual(["run-1", "run-2"]);
    });

    it("rejects negative or non-finite amounts", async () => {
      expect(await rejectionCode(ledger.reserve("run-1", -1))).toBe("bad_amount");
      expect(await rejectionCode(ledger.reserve("run-1", 0.1, { capUsd: Number.NaN }))).toBe("bad_amount");
    });

    it("never lets many concurrent reservers pass the cap", async () => {
      const attempts = await Promise.all(
        Array.from({ length: 150 }, (_, i) => connection(i).reserve("run-1", 0.01, { capUsd: 1 })),
      );

      const [spend] = await ledger.snapshot();
      expect(attempts.filter((r) => r.ok)).toHaveLength(100);
      expect(spend).toMatchObject({ reservedUsd: 1, calls: 100, openReservations: 100 });
    });

    it("stays under the cap while concurrent callers reserve, reconcile and release", async () => {
      const cycles = Array.from({ length: 120 }, async (_, i): Promise<number> => {
        const result = await connection(i).reserve("run-1", 0.02, { capUsd: 1 });
        if (!result.ok) return 0;
        if (i % 4 === 0) await connection(i + 1).release(result.reservationId);
        else await connection(i + 1).reconcile(result.reservationId, 0.015);
        return i % 4 === 0 ? 0 : 1;
      });

      const reconciled = (await Promise.all(cycles)).reduce((sum, n) => sum + n, 0);

      const [spend] = await ledger.snapshot();
      expect(spend?.spentUsd).toBeCloseTo(reconciled * 0.015, 9);
      expect(spend?.spentUsd).toBeLessThanOrEqual(1);
      expect(spend).toMatchObject({ reservedUsd: 0, openReservations: 0, calls: reconciled });
    });
  });
}
