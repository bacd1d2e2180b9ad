import { describe, expect, it } from "vitest";
import { simModelProfile } from "./model-profile.ts";
import { SimRateLimit } from "./rate-limit.ts";

describe("SimRateLimit", () => {
  it("admits one second's worth of requests at once, then one per 1/(rpm/60) seconds", () => {
    // Prepare
    let now = 0;
    const limit = new SimRateLimit({ rpm: 600, now: () => now });

    // Act
    const burst = [...Array(10)].map(() => limit.tryAcquire().ok);
    const over = limit.tryAcquire();
    now = 100;
    const refilled = limit.tryAcquire();

    // Assess
    expect(burst.every(Boolean)).toBe(true);
    expect(over).toEqual({ ok: false, retryAfterMs: 100 });
    expect(refilled.ok).toBe(true);
  });
});

describe("simModelProfile", () => {
  it("reads strength from the model name", () => {
    const strengths = ["sim/weak", "sim/default", "sim/strong", "sim/gold", "sim/custom@0.35"].map(
      (m) => simModelProfile(m).strength,
    );

    expect(strengths).toEqual([0.2, 0.5, 0.8, 1, 0.35]);
  });

  it("gives weaker judges a lower base agreement and a larger length bias", () => {
    const weak = simModelProfile("sim/weak");
    const strong = simModelProfile("sim/strong");

    expect(weak.judgeBaseAgreement).toBeLessThan(strong.judgeBaseAgreement);
    expect(weak.judgeLengthBias).toBeGreaterThan(strong.judgeLengthBias);
  });
});
