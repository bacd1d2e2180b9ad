import { describe, expect, it } from "vitest";
import { MemoryBudgetLedger } from "./budget.ts";
import { MemoryCacheStore } from "./cache.ts";
import { type CreateLMDeps, createLM } from "./create-lm.ts";
import { LMError } from "./errors.ts";
import { FakeLM, type FakeReply } from "./fake-lm.ts";
import { costOf } from "./prices.ts";
import type { LMRequest } from "./types.ts";
import { RateLimiterRegistry } from "./with-rate-limit.ts";

const model = "openai/gpt-4o-mini";
const request: LMRequest = { messages: [{ role: "user", content: "Grade this reply." }], maxTokens: 50 };
const usage = { inputTokens: 40, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0 };
const serverError = () => new LMError("server", "503", { provider: "openai", status: 503 });

/** A fake clock for the limiter: sleeping advances time and records the wait. */
function fakeClock() {
  const clock = { now: 0, waits: [] as number[] };
  const deps = {
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.waits.push(ms);
      clock.now += ms;
    },
  };
  return { clock, deps };
}

function setup(replies: FakeReply[], overrides: Partial<CreateLMDeps> = {}) {
  const fake = new FakeLM(replies, { model });
  const ledger = new MemoryBudgetLedger();
  const { clock, deps } = fakeClock();
  const lm = createLM(model, {
    providerFactory: () => fake,
    cache: { store: new MemoryCacheStore(), mode: "read-write" },
    budget: { ledger, runId: "run", capUsd: 1 },
    retry: { maxAttempts: 2, sleep: async () => {}, random: () => 0 },
    // One request per minute, so every admission after the first shows up as a limiter wait.
    rateLimit: { registry: new RateLimiterRegistry(deps), rpm: 1 },
    ...overrides,
  });
  return { fake, ledger, limiterWaits: clock.waits, lm };
}

describe("createLM", () => {
  it("asks the factory for the model it was given", () => {
    const seen: string[] = [];

    const providerFactory = (m: string) => {
      seen.push(m);
      return new FakeLM([], { model: m });
    };

    const lm = createLM("sim/strong", { providerFactory });

    expect(seen).toEqual(["sim/strong"]);
    expect(lm.model).toBe("sim/strong");
  });

  it("serves a cache hit without reserving budget or taking a rate-limit slot", async () => {
    const { fake, ledger, limiterWaits, lm } = setup([{ text: "ok", usage }]);
    await lm.call(request);

    const hit = await lm.call(request);

    expect(hit).toMatchObject({ cached: true, costUsd: 0 });
    expect(fake.callCount).toBe(1);
    expect(limiterWaits).toEqual([]);
    expect((await ledger.snapshot())[0]).toMatchObject({ calls: 1, spentUsd: costOf(model, usage) });
  });

  it("covers a call and its retries with one reservation, each attempt taking a limiter slot", async () => {
    const { fake, ledger, limiterWaits, lm } = setup([serverError(), { text: "ok", usage }]);

    const response = await lm.call(request);

    expect(response.text).toBe("ok");
    expect(fake.callCount).toBe(2);
    expect(limiterWaits.reduce((sum, ms) => sum + ms, 0)).toBeCloseTo(60_000, 0);
    expect((await ledger.snapshot())[0]).toMatchObject({ calls: 1, reservedUsd: 0, openReservations: 0 });
  });

  it("releases the reservation when every attempt fails", async () => {
    const { ledger, lm } = setup([serverError(), serverError()]);

    await expect(lm.call(request)).rejects.toMatchObject({ kind: "server" });

    expect((await ledger.snapshot())[0]).toMatchObject({ calls: 0, reservedUsd: 0, spentUsd: 0 });
  });

  it("makes zero provider calls in replay mode", async () => {
    const store = new MemoryCacheStore();
    await setup([{ text: "recorded", usage }], { cache: { store, mode: "read-write" } }).lm.call(request);
    const { fake, limiterWaits, lm } = setup([], { cache: { store, mode: "replay" } });

    const replayed = await lm.call(request);
    const miss = lm.call({ ...request, rolloutId: 2 });

    expect(replayed).toMatchObject({ text: "recorded", cached: true });
    await expect(miss).rejects.toMatchObject({ kind: "cache_miss" });
    expect(fake.callCount).toBe(0);
    expect(limiterWaits).toEqual([]);
  });

  it("does not retry when retries are off", async () => {
    const { fake, lm } = setup([serverError(), "never"], { retry: false });

    await expect(lm.call(request)).rejects.toMatchObject({ kind: "server" });

    expect(fake.callCount).toBe(1);
  });

  it("reports list-price costs when no budget is set", async () => {
    const { lm } = setup([{ text: "ok", usage }], { budget: undefined, cache: undefined, rateLimit: undefined });

    const response = await lm.call(request);

    expect(response.costUsd).toBe(costOf(model, usage));
  });
});
