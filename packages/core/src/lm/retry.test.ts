import { describe, expect, it } from "vitest";
import { LMError } from "./errors.ts";
import { FakeLM } from "./fake-lm.ts";
import { backoffDelayMs, withRetry } from "./retry.ts";
import type { LMRequest } from "./types.ts";

const request: LMRequest = { messages: [{ role: "user", content: "hi" }] };
const rateLimited = (retryAfterMs?: number) =>
  new LMError("rate_limit", "fake 429", { provider: "fake", status: 429, retryAfterMs });
const serverError = () => new LMError("server", "fake 503", { provider: "fake", status: 503 });

describe("backoffDelayMs", () => {
  const options = { baseDelayMs: 500, maxDelayMs: 4000 };

  it("stays within [0, base * 2^(retry-1)) for every random draw", () => {
    for (let retry = 1; retry <= 4; retry++) {
      const ceiling = 500 * 2 ** (retry - 1);
      const low = backoffDelayMs(retry, serverError(), { ...options, random: () => 0 });
      const high = backoffDelayMs(retry, serverError(), { ...options, random: () => 0.999_999 });

      expect(low).toBe(0);
      expect(high).toBeLessThan(ceiling);
      expect(high).toBeGreaterThan(ceiling * 0.99);
    }
  });

  it("caps the jittered wait at maxDelayMs", () => {
    expect(backoffDelayMs(20, serverError(), { ...options, random: () => 0.999_999 })).toBeLessThan(4000);
  });

  it("waits at least the provider's retry-after, even past maxDelayMs", () => {
    expect(backoffDelayMs(1, rateLimited(9000), { ...options, random: () => 0.5 })).toBe(9000);
    expect(backoffDelayMs(4, rateLimited(10), { ...options, random: () => 0.5 })).toBe(2000);
  });
});

describe("withRetry", () => {
  it("retries retryable errors and returns the first success", async () => {
    const inner = new FakeLM([serverError(), rateLimited(), "done"]);
    const waits: number[] = [];
    const lm = withRetry(inner, { sleep: async (ms) => void waits.push(ms), random: () => 0.5, baseDelayMs: 100 });

    const response = await lm.call(request);

    expect(response.text).toBe("done");
    expect(inner.callCount).toBe(3);
    expect(waits).toEqual([50, 100]);
  });

  it("gives up after maxAttempts and throws the last error", async () => {
    const inner = new FakeLM(() => serverError());
    const lm = withRetry(inner, { maxAttempts: 3, sleep: async () => {} });

    await expect(lm.call(request)).rejects.toMatchObject({ kind: "server" });
    expect(inner.callCount).toBe(3);
  });

  it("does not retry non-retryable errors", async () => {
    const inner = new FakeLM([new LMError("auth", "fake 401", { provider: "fake", status: 401 }), "never"]);
    const lm = withRetry(inner, { sleep: async () => {} });

    await expect(lm.call(request)).rejects.toMatchObject({ kind: "auth" });
    expect(inner.callCount).toBe(1);
  });

  it("fails at once when the provider asks for a wait past maxRetryAfterMs", async () => {
    const inner = new FakeLM([rateLimited(3_600_000), "never"]);
    const lm = withRetry(inner, { sleep: async () => {}, maxRetryAfterMs: 60_000 });

    await expect(lm.call(request)).rejects.toMatchObject({ kind: "rate_limit", retryAfterMs: 3_600_000 });
    expect(inner.callCount).toBe(1);
  });

  it("ends a backoff wait promptly with cancelled when the signal aborts", async () => {
    const inner = new FakeLM([rateLimited(10_000), "never"]);
    const lm = withRetry(inner);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);

    const error = await lm.call({ ...request, signal: controller.signal }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "cancelled", provider: "fake" });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(inner.callCount).toBe(1);
  });

  it("cancels promptly even when the injected sleep ignores the signal", async () => {
    const inner = new FakeLM([serverError(), "never"]);
    const lm = withRetry(inner, { sleep: () => new Promise(() => {}), random: () => 0.5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);

    await expect(lm.call({ ...request, signal: controller.signal })).rejects.toMatchObject({ kind: "cancelled" });
  });

  it("reports each retry to onRetry", async () => {
    const events: number[] = [];
    const lm = withRetry(new FakeLM([rateLimited(250), "ok"]), {
      sleep: async () => {},
      random: () => 0,
      onRetry: (event) => events.push(event.attempt, event.delayMs),
    });

    await lm.call(request);

    expect(events).toEqual([1, 250]);
  });

  it("retries 429s past maxAttempts for as long as the rate-limit deadline allows", async () => {
    const clock = { time: 0 };
    const inner = new FakeLM((_, index) => (index < 40 ? rateLimited(2) : "finally"));
    const lm = withRetry(inner, {
      maxAttempts: 3,
      rateLimitDeadlineMs: 60_000,
      now: () => clock.time,
      sleep: async (ms) => {
        clock.time += ms;
      },
      random: () => 0.5,
    });

    const response = await lm.call(request);

    expect(response.text).toBe("finally");
    expect(inner.callCount).toBe(41);
  });

  it("throws the 429 once the next wait would pass the deadline", async () => {
    const clock = { time: 0 };
    const inner = new FakeLM(() => rateLimited(1000));
    const lm = withRetry(inner, {
      rateLimitDeadlineMs: 10_500,
      now: () => clock.time,
      sleep: async (ms) => {
        clock.time += ms;
      },
      random: () => 0,
    });

    await expect(lm.call(request)).rejects.toMatchObject({ kind: "rate_limit" });
    expect(inner.callCount).toBe(11);
    expect(clock.time).toBe(10_000);
  });

  it("keeps counting 5xx attempts separately from the 429s between them", async () => {
    const replies = [serverError(), rateLimited(), rateLimited(), serverError(), rateLimited(), serverError()];
    const inner = new FakeLM([...replies, "never"]);
    const lm = withRetry(inner, { maxAttempts: 3, sleep: async () => {} });

    await expect(lm.call(request)).rejects.toMatchObject({ kind: "server" });
    expect(inner.callCount).toBe(6);
  });

  it("caps the jittered wait between 429 retries at rateLimitMaxDelayMs", async () => {
    const waits: number[] = [];
    const inner = new FakeLM((_, index) => (index < 12 ? rateLimited() : "ok"));
    const lm = withRetry(inner, {
      rateLimitMaxDelayMs: 2000,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.999,
    });

    await lm.call(request);

    expect(Math.max(...waits)).toBeLessThan(2000);
    expect(Math.max(...waits)).toBeGreaterThan(1990);
  });
});
