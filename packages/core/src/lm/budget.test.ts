import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { Random } from "../util/random.ts";
import { type BudgetLedger, MemoryBudgetLedger } from "./budget.ts";

/** Yields `turns` macrotask turns: callers interleave in an order fixed by the plan, not by the machine's load. */
const pause = async (turns: number) => {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

async function reservationId(ledger: BudgetLedger, runId: string, usd: number, capUsd?: number): Promise<string> {
  const result = await ledger.reserve(runId, usd, { capUsd });
  if (!result.ok) throw new Error(`expected the reservation of ${usd} to succeed`);
  return result.reservationId;
}

describe("MemoryBudgetLedger", () => {
  it("refuses a reservation that would pass the cap and says which limit", async () => {
    const ledger = new MemoryBudgetLedger();
    await reservationId(ledger, "run", 0.7, 1);

    const refused = await ledger.reserve("run", 0.4, { capUsd: 1 });

    expect(refused).toMatchObject({ ok: false, limit: "cap_usd", spend: { reservedUsd: 0.7, calls: 1 } });
  });

  it("accepts a reservation that lands exactly on the cap", async () => {
    const ledger = new MemoryBudgetLedger();
    await reservationId(ledger, "run", 0.1, 0.3);
    await reservationId(ledger, "run", 0.2, 0.3);

    const snapshot = await ledger.snapshot();

    expect(snapshot).toEqual([{ runId: "run", spentUsd: 0, reservedUsd: 0.3, calls: 2, openReservations: 2 }]);
  });

  it("returns the unused part of a reservation when it is reconciled", async () => {
    const ledger = new MemoryBudgetLedger();
    const id = await reservationId(ledger, "run", 0.8, 1);
    expect((await ledger.reserve("run", 0.5, { capUsd: 1 })).ok).toBe(false);

    await ledger.reconcile(id, 0.3);

    expect(await ledger.spent("run")).toBe(0.3);
    expect((await ledger.reserve("run", 0.5, { capUsd: 1 })).ok).toBe(true);
  });

  it("gives back the money and the call of a released reservation", async () => {
    const ledger = new MemoryBudgetLedger();
    const id = await reservationId(ledger, "run", 0.5, 1);

    await ledger.release(id);

    expect(await ledger.snapshot()).toEqual([
      { runId: "run", spentUsd: 0, reservedUsd: 0, calls: 0, openReservations: 0 },
    ]);
  });

  it("enforces a call cap", async () => {
    const ledger = new MemoryBudgetLedger();
    await ledger.reserve("run", 0, { maxCalls: 2 });
    await ledger.reserve("run", 0, { maxCalls: 2 });

    const third = await ledger.reserve("run", 0, { maxCalls: 2 });

    expect(third).toMatchObject({ ok: false, limit: "max_calls" });
  });

  it("keeps runs apart", async () => {
    const ledger = new MemoryBudgetLedger();
    await reservationId(ledger, "a", 1, 1);

    const other = await ledger.reserve("b", 1, { capUsd: 1 });

    expect(other.ok).toBe(true);
  });

  it("throws on a reservation settled twice", async () => {
    const ledger = new MemoryBudgetLedger();
    const id = await reservationId(ledger, "run", 0.1);
    await ledger.reconcile(id, 0.1);

    await expect(ledger.reconcile(id, 0.1)).rejects.toThrow(JudgeloopError);
  });

  it("rejects negative or non-finite amounts", async () => {
    const ledger = new MemoryBudgetLedger();

    await expect(ledger.reserve("run", -1)).rejects.toThrow(/amountUsd/);
    await expect(ledger.reserve("run", Number.NaN)).rejects.toThrow(/amountUsd/);
  });

  it("never lets spend plus reservations pass the cap under 500 racing callers", async () => {
    // Prepare
    const ledger = new MemoryBudgetLedger();
    const capUsd = 5;
    const rng = new Random("budget-race");
    const plans = Array.from({ length: 500 }, (_, i) => ({
      reserveUsd: Math.round(rng.next() * 100_000) / 1_000_000,
      usedFraction: rng.next(),
      fails: rng.next() < 0.1,
      delaysMs: [rng.int(3), rng.int(3)],
      yieldsFirst: i % 2 === 0,
    }));
    let highWater = 0;
    let expectedSpent = 0;
    let acceptedReservedUsd = 0;
    const watch = async () => {
      const [run] = await ledger.snapshot();
      if (run) highWater = Math.max(highWater, run.spentUsd + run.reservedUsd);
    };

    // Act
    const outcomes = await Promise.all(
      plans.map(async (plan) => {
        if (plan.yieldsFirst) await Promise.resolve();
        await pause(plan.delaysMs[0] ?? 0);
        const result = await ledger.reserve("run", plan.reserveUsd, { capUsd });
        await watch();
        if (!result.ok) return "refused";
        acceptedReservedUsd += plan.reserveUsd;
        await pause(plan.delaysMs[1] ?? 0);
        if (plan.fails) {
          await ledger.release(result.reservationId);
          return "released";
        }
        const actualUsd = Math.round(plan.reserveUsd * plan.usedFraction * 1_000_000) / 1_000_000;
        expectedSpent += actualUsd;
        await ledger.reconcile(result.reservationId, actualUsd);
        await watch();
        return "spent";
      }),
    );

    // Assess
    const [run] = await ledger.snapshot();
    expect(outcomes.filter((o) => o === "refused").length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === "spent").length).toBeGreaterThan(50);
    expect(highWater).toBeLessThanOrEqual(capUsd);
    // Only possible because reconciling and releasing handed unused reservations back.
    expect(acceptedReservedUsd).toBeGreaterThan(capUsd);
    expect(run?.reservedUsd).toBe(0);
    expect(run?.openReservations).toBe(0);
    expect(run?.spentUsd).toBeCloseTo(expectedSpent, 9);
    expect(run?.spentUsd).toBeLessThanOrEqual(capUsd);
  });
});
