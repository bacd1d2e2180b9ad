import { describe, expect, it } from "vitest";
import { accountingProblems, chaosOptimize } from "./support/chaos-optimize.ts";

// The short fault-injection run that is part of `npm test`; the long ones are in
// chaos-long.test.ts behind JUDGELOOP_CHAOS=1.

const run = { seed: 7, examples: 30, capUsd: 1, maxCalls: 3_000 };

describe("optimizeInProcess under simulated faults", () => {
  it("ends with the fault-free program and every example accounted for when 5xx, timeouts and 429s hit 15% of calls", async () => {
    // Prepare
    const clean = await chaosOptimize(run);

    // Act
    const faulty = await chaosOptimize({ ...run, faults: "503:0.1,timeout:0.05", rpm: 600 });

    // Assess
    const kinds = new Set(faulty.retries.map((event) => event.error.kind));
    expect([...kinds].sort()).toEqual(["rate_limit", "server", "timeout"]);
    expect(faulty.state.phase).toBe("done");
    expect(accountingProblems(faulty.state)).toEqual([]);
    expect(faulty.state.spend.calls).toBeLessThanOrEqual(run.maxCalls);
    expect(faulty.ledgerSpentUsd).toBeLessThanOrEqual(run.capUsd);
    expect(faulty.state.spend.costUsd ?? 0).toBeLessThanOrEqual(run.capUsd);
    expect(faulty.program).toBe(clean.program);
    expect(faulty.state.result?.bestScore).toBe(clean.state.result?.bestScore);
  });
});
