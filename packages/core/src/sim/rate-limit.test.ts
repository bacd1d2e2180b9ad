import { describe, expect, it } from "vitest";
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
