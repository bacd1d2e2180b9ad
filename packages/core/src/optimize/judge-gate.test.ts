import { describe, expect, it } from "vitest";
import { agreementReport } from "../metrics/agreement.ts";
import { judgeGate } from "./judge-gate.ts";

/** A held-out report where the judge agrees with the gold label on `agree` of `n` pairs. */
function report(n: number, agree: number) {
  const pairs = Array.from({ length: n }, (_, i) => {
    const gold = i % 2 === 0;
    return { gold, predicted: i < agree ? gold : !gold };
  });
  return agreementReport(pairs, { seed: "gate", resamples: 500 });
}

describe("judgeGate", () => {
  it("lets a judge through when its held-out kappa lower bound reaches the threshold", () => {
    // Prepare
    const heldOut = report(80, 76);

    // Act
    const gate = judgeGate(heldOut);

    // Assess
    expect(gate).toMatchObject({ passed: true, allowed: true, forced: false, threshold: 0.4 });
    expect(gate.kappaLower).toBeGreaterThanOrEqual(0.4);
    expect(gate.reason).toMatch(/clears the threshold 0.4/);
  });

  it("refuses a judge whose lower bound is below the threshold, and says why", () => {
    // Prepare
    const heldOut = report(40, 28);

    // Act
    const gate = judgeGate(heldOut);

    // Assess
    expect(gate.passed).toBe(false);
    expect(gate.allowed).toBe(false);
    expect(gate.reason).toMatch(/below the threshold 0.4.*--force/);
  });

  it("records a forced override of a refusal", () => {
    // Prepare
    const heldOut = report(40, 28);

    // Act
    const gate = judgeGate(heldOut, { force: true });

    // Assess
    expect(gate).toMatchObject({ passed: false, forced: true, allowed: true });
    expect(gate.reason).toMatch(/--force overrides/);
  });

  it("reads the optimized judge's validation report from a saved alignment", () => {
    // Prepare
    const alignment = { train: { optimized: report(80, 80) }, validation: { optimized: report(40, 28) } };

    // Act
    const gate = judgeGate(alignment, { threshold: 0.3 });

    // Assess
    expect(gate.kappaLower).toBe(alignment.validation.optimized.kappa.interval?.lower);
  });

  it("refuses a judge whose kappa has no interval", () => {
    // Prepare: every gold label is the same class, so kappa is undefined
    const heldOut = agreementReport(
      Array.from({ length: 10 }, () => ({ gold: true, predicted: true })),
      { seed: "gate" },
    );

    // Act
    const gate = judgeGate(heldOut);

    // Assess
    expect(gate.allowed).toBe(false);
    expect(gate.kappaLower).toBeNull();
    expect(gate.reason).toMatch(/no confidence interval/);
  });

  it("rejects a report without a held-out kappa", () => {
    // Act
    const act = () => judgeGate({ validation: { optimized: { accuracy: 0.9 } } } as never);

    // Assess
    expect(act).toThrow(/no held-out kappa/);
  });
});
