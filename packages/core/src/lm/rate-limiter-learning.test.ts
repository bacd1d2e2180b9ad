import { describe, expect, it } from "vitest";
import { LMError } from "./errors.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { virtualClock } from "./testing/virtual-clock.ts";

const rateLimited = (retryAfterMs?: number) =>
  new LMError("rate_limit", "fake 429", { provider: "fake", status: 429, retryAfterMs });

async function admitAt(limiter: RateLimiter, now: () => number): Promise<number> {
  const permit = await limiter.acquire();
  permit.release();
  return now();
}

describe("RateLimiter shared pause", () => {
  it("holds every queued caller until the retry-after plus jitter of up to half of it", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({}, { ...clock, random: () => 0.5 });

    (await limiter.acquire()).release({ error: rateLimited(1000) });
    const times = await Promise.all([admitAt(limiter, clock.now), admitAt(limiter, clock.now)]);

    expect(times).toEqual([1250, 1250]);
  });

  it("pauses at least 25 ms when a 429 asks for 2 ms, so tiny waits cannot loop tightly", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({}, { ...clock, random: () => 0 });

    (await limiter.acquire()).release({ error: rateLimited(2) });

    expect(await admitAt(limiter, clock.now)).toBe(25);
  });

  it("pauses 250 ms when a 429 names no wait", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({}, { ...clock, random: () => 0 });

    (await limiter.acquire()).release({ error: rateLimited() });

    expect(await admitAt(limiter, clock.now)).toBe(250);
  });

  it("extends a pause only forward: a shorter retry-after does not cut a longer one", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({}, { ...clock, random: () => 0 });
    const [a, b] = await Promise.all([limiter.acquire(), limiter.acquire()]);

    a.release({ error: rateLimited(2000) });
    b.release({ error: rateLimited(100) });

    expect(await admitAt(limiter, clock.now)).toBe(2000);
  });
});

describe("RateLimiter learning from headers", () => {
  it("paces at the requests limit a response reports when none is configured", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({}, clock);

    (await limiter.acquire()).release({ rateLimit: { requests: { limit: 600, remaining: 599 } } });
    const times: number[] = [];
    for (let i = 0; i < 12; i++) times.push(await admitAt(limiter, clock.now));

    expect(limiter.stats.rpm).toBe(600);
    expect(times.map(Math.round)).toEqual([...Array(10).fill(0), 100, 200]);
  });

  it("lets a reported limit below the configured one win, and a configured one cap a reported one", async () => {
    const lower = new RateLimiter({ rpm: 1200 });
    const higher = new RateLimiter({ rpm: 300 });

    lower.observe({ requests: { limit: 600 } });
    higher.observe({ requests: { limit: 10_000 } });

    expect(lower.stats.rpm).toBe(600);
    expect(higher.stats.rpm).toBe(300);
  });

  it("follows a reported tokens limit with its token bucket", () => {
    const limiter = new RateLimiter();

    limiter.observe({ tokens: { limit: 90_000, remaining: 89_000, resetMs: 700 } });

    expect(limiter.stats.tpm).toBe(90_000);
  });

  it("waits for one request's worth, not the whole reset, when the requests budget is exhausted", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({}, { ...clock, random: () => 0 });

    (await limiter.acquire()).release({ rateLimit: { requests: { limit: 600, remaining: 0, resetMs: 60_000 } } });

    expect(await admitAt(limiter, clock.now)).toBe(100);
  });

  it("learns from the snapshot a rate_limit error carries", async () => {
    const limiter = new RateLimiter({}, { ...virtualClock(), random: () => 0 });
    const error = new LMError("rate_limit", "429", {
      provider: "fake",
      status: 429,
      retryAfterMs: 40,
      rateLimit: { requests: { limit: 500, remaining: 0, resetMs: 120 } },
    });

    (await limiter.acquire()).release({ error });

    expect(limiter.stats).toMatchObject({ rpm: 500, rateLimited: 1 });
  });
});

describe("RateLimiter learning from 429s alone", () => {
  it("settles near the rate the provider admits when it never says its limit", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({}, { ...clock, random: () => 0 });
    // A provider that admits 10 requests per second and answers the rest 429 with a 20 ms retry-after.
    let allowance = 10;
    let second = 0;
    for (let i = 0; i < 400; i++) {
      const permit = await limiter.acquire();
      if (Math.floor(clock.now() / 1000) !== second) {
        second = Math.floor(clock.now() / 1000);
        allowance = 10;
      }
      if (allowance > 0) {
        allowance--;
        permit.release();
      } else {
        permit.release({ error: rateLimited(20) });
      }
    }

    expect(limiter.stats.rpm).toBeGreaterThan(500);
    expect(limiter.stats.rpm).toBeLessThan(750);
  });
});
