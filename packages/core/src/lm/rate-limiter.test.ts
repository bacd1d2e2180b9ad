import { describe, expect, it } from "vitest";
import { LMError } from "./errors.ts";
import { FakeLM } from "./fake-lm.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { virtualClock } from "./testing/virtual-clock.ts";
import type { LMRequest } from "./types.ts";
import { RateLimiterRegistry, roughTokenEstimate, withRateLimit } from "./with-rate-limit.ts";

const rateLimited = (retryAfterMs?: number) =>
  new LMError("rate_limit", "fake 429", { provider: "fake", status: 429, retryAfterMs });

async function admissionTimes(limiter: RateLimiter, now: () => number, costs: number[]): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    costs.map(async (cost) => {
      const permit = await limiter.acquire(cost);
      times.push(now());
      permit.release();
    }),
  );
  return times;
}

describe("RateLimiter", () => {
  it("admits a one-second burst, then one request per 60/rpm seconds", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rpm: 600 }, clock);

    const times = await admissionTimes(limiter, clock.now, Array(14).fill(0));

    expect(times.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(times.slice(10).map(Math.round)).toEqual([100, 200, 300, 400]);
  });

  it("paces by estimated tokens per minute", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ tpm: 6000 }, clock);

    const times = await admissionTimes(limiter, clock.now, [50, 50, 50, 50]);

    expect(times.map(Math.round)).toEqual([0, 0, 500, 1000]);
  });

  it("lets one request larger than the bucket through, then makes the next wait off the debt", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ tpm: 6000 }, clock);

    const times = await admissionTimes(limiter, clock.now, [1000, 100]);

    expect(times.map(Math.round)).toEqual([0, 10_000]);
  });

  it("returns unused estimated tokens when released with the real usage", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ tpm: 6000 }, clock);

    const first = await limiter.acquire(100);
    first.release({ usedTokens: 10 });
    await limiter.acquire(90);

    expect(clock.now()).toBe(0);
  });

  it("halves concurrency once per wave of rate limits and grows by one per success", async () => {
    const limiter = new RateLimiter({ maxConcurrency: 16 }, virtualClock());
    const wave = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));

    wave[0]?.release({ error: rateLimited() });
    wave[1]?.release({ error: rateLimited() });
    const afterWave = limiter.stats.concurrencyLimit;
    for (const permit of wave.slice(2)) permit.release();
    const afterSuccesses = limiter.stats.concurrencyLimit;
    (await limiter.acquire()).release({ error: rateLimited() });

    expect(afterWave).toBe(8);
    expect(afterSuccesses).toBe(14);
    expect(limiter.stats.concurrencyLimit).toBe(7);
    expect(limiter.stats.inFlight).toBe(0);
  });

  it("never grows concurrency past maxConcurrency", async () => {
    const limiter = new RateLimiter({ maxConcurrency: 2 }, virtualClock());

    for (let i = 0; i < 5; i++) (await limiter.acquire()).release();

    expect(limiter.stats.concurrencyLimit).toBe(2);
  });

  it("queues callers beyond the concurrency limit until a slot frees", async () => {
    const limiter = new RateLimiter({ maxConcurrency: 1 }, virtualClock());
    const first = await limiter.acquire();
    let secondAdmitted = false;
    const second = limiter.acquire().then((permit) => {
      secondAdmitted = true;
      return permit;
    });

    await Promise.resolve();
    const admittedWhileBusy = secondAdmitted;
    first.release();
    (await second).release();

    expect(admittedWhileBusy).toBe(false);
    expect(secondAdmitted).toBe(true);
  });

  it("pauses admissions for a rate limit's retry-after", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({}, { ...clock, random: () => 0 });

    (await limiter.acquire()).release({ error: rateLimited(1500) });
    await limiter.acquire();

    expect(clock.now()).toBe(1500);
  });

  it("rejects a queued caller with cancelled when its signal aborts", async () => {
    const limiter = new RateLimiter({ maxConcurrency: 1 }, virtualClock());
    await limiter.acquire();
    const controller = new AbortController();

    const waiting = limiter.acquire(0, controller.signal, "openai/gpt-4o");
    controller.abort();

    await expect(waiting).rejects.toMatchObject({ kind: "cancelled", provider: "openai" });
    expect(limiter.stats.queued).toBe(0);
  });

  it("cuts its own wait short once the last queued caller has left", async () => {
    const sleepSignals: AbortSignal[] = [];
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => {
        if (signal) sleepSignals.push(signal);
        signal?.addEventListener("abort", () => resolve());
      });
    const limiter = new RateLimiter({ rpm: 1 }, { now: () => 0, sleep });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(0, controller.signal);

    controller.abort();

    await expect(waiting).rejects.toMatchObject({ kind: "cancelled" });
    expect(sleepSignals.map((signal) => signal.aborted)).toEqual([true]);
  });
});

describe("RateLimiterRegistry", () => {
  it("shares one limiter per key and tightens it to the strictest limits", async () => {
    const registry = new RateLimiterRegistry(virtualClock());

    const first = registry.limiterFor("openai/gpt-4o", { maxConcurrency: 8 });
    const second = registry.limiterFor("openai/gpt-4o", { maxConcurrency: 3 });
    const other = registry.limiterFor("anthropic/claude-haiku-4-5", { maxConcurrency: 8 });

    expect(second).toBe(first);
    expect(other).not.toBe(first);
    expect(first.stats.concurrencyLimit).toBe(3);
    expect(registry.size).toBe(2);
  });

  it("adds a rate a later caller sets to a limiter created without one", async () => {
    const clock = virtualClock();
    const registry = new RateLimiterRegistry(clock);
    registry.limiterFor("gemini/gemini-2.5-flash", {});

    const limiter = registry.limiterFor("gemini/gemini-2.5-flash", { rpm: 60 });
    const times = await admissionTimes(limiter, clock.now, [0, 0]);

    expect(times.map(Math.round)).toEqual([0, 1000]);
  });
});

describe("withRateLimit", () => {
  const request: LMRequest = { messages: [{ role: "user", content: "hello there" }] };

  it("bounds the combined concurrency of every wrapper around the same model", async () => {
    const inner = new FakeLM(() => "ok", { model: "fake/shared", latencyMs: 5 });
    const registry = new RateLimiterRegistry();
    const evaluator = withRateLimit(inner, registry, { maxConcurrency: 3 });
    const optimizer = withRateLimit(inner, registry, { maxConcurrency: 3 });

    await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? evaluator : optimizer).call(request)));

    expect(inner.callCount).toBe(24);
    expect(inner.maxInFlight).toBe(3);
  });

  it("halves the shared limit when the model answers 429 and passes the error on", async () => {
    const registry = new RateLimiterRegistry(virtualClock());
    const lm = withRateLimit(new FakeLM([rateLimited()], { model: "fake/m" }), registry, { maxConcurrency: 8 });

    await expect(lm.call(request)).rejects.toMatchObject({ kind: "rate_limit" });
    expect(registry.limiterFor("fake/m").stats).toMatchObject({ concurrencyLimit: 4, inFlight: 0, queued: 0 });
  });
});

describe("roughTokenEstimate", () => {
  it("counts four characters per input token plus the output ceiling", () => {
    expect(roughTokenEstimate({ messages: [{ role: "user", content: "a".repeat(40) }], maxTokens: 100 })).toBe(110);
  });
});
