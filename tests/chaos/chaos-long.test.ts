import { describe, expect, it } from "vitest";
import { accountingProblems, chaosOptimize } from "./support/chaos-optimize.ts";

// Long fault-injection runs (`npm run test:chaos`): more examples, three seeds, fault rates up to
// 20%, non-retryable malformed answers and a cap the run must stop at.
const enabled = process.env.JUDGELOOP_CHAOS === "1";
const base = { examples: 120, capUsd: 1, maxCalls: 5_000 };

describe.skipIf(!enabled)("optimizeInProcess under heavy simulated faults (long; runs with JUDGELOOP_CHAOS=1)", () => {
  it.each([1, 2, 3])(
    "ends with the fault-free program at 20 percent 5xx and timeouts plus 429 bursts (seed %i)",
    async (seed) => {
      // Prepare
      const clean = await chaosOptimize({ ...base, seed });

      // Act
      const faulty = await chaosOptimize({ ...base, seed, faults: "500:0.12,timeout:0.08", rpm: 300 });

      // Assess
      expect(faulty.state.phase).toBe("done");
      expect(accountingProblems(faulty.state)).toEqual([]);
      expect(faulty.ledgerSpentUsd).toBeLessThanOrEqual(base.capUsd);
      expect(faulty.state.spend.calls).toBeLessThanOrEqual(base.maxCalls);
      expect(faulty.program).toBe(clean.program);
    },
  );

  it("completes with every example scored once or failed with its reason when 8% of answers are malformed", async () => {
    // Act
    const outcome = await chaosOptimize({ ...base, seed: 5, faults: "502:0.06,timeout:0.06,malformed:0.08", rpm: 600 });

    // Assess
    expect(outcome.state.phase).toBe("done");
    expect(accountingProblems(outcome.state)).toEqual([]);
    expect(outcome.ledgerSpentUsd).toBeLessThanOrEqual(base.capUsd);
    expect(outcome.state.spend.calls).toBeLessThanOrEqual(base.maxCalls);
  });

  it("stops within a tight cap under 20% faults with what it had scored accounted for", async () => {
    // Prepare
    const cap = { capUsd: 0.01, maxCalls: 120 };

    // Act
    const outcome = await chaosOptimize({ ...base, ...cap, seed: 9, faults: "500:0.1,timeout:0.05,malformed:0.05" });

    // Assess
    expect(outcome.state.phase).toBe("done");
    expect(accountingProblems(outcome.state)).toEqual([]);
    expect(outcome.ledgerSpentUsd).toBeLessThanOrEqual(cap.capUsd);
    expect(outcome.state.spend.calls).toBeLessThanOrEqual(cap.maxCalls);
    expect(outcome.state.spend.costUsd ?? 0).toBeLessThanOrEqual(cap.capUsd);
  });
});
