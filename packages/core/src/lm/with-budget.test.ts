import { beforeAll, describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { Random } from "../util/random.ts";
import { MemoryBudgetLedger } from "./budget.ts";
import { LMError } from "./errors.ts";
import { FakeLM } from "./fake-lm.ts";
import { costOf, defaultPrices, priceOf } from "./prices.ts";
import { loadTokenizer } from "./tokens.ts";
import type { LMRequest } from "./types.ts";
import { withBudget, worstCaseCost } from "./with-budget.ts";

const model = "openai/gpt-4o-mini";
const request: LMRequest = { messages: [{ role: "user", content: "Is this reply helpful?" }], maxTokens: 1000 };
const usage = { inputTokens: 20, outputTokens: 300, cachedInputTokens: 0, reasoningTokens: 0 };

// Token counts (simulated usage, estimates) need the tokenizer loaded.
beforeAll(() => loadTokenizer());

describe("withBudget", () => {
  it("refuses a dollar cap for a model without a known price", () => {
    const act = () =>
      withBudget(new FakeLM([], { model: "acme/mystery" }), new MemoryBudgetLedger(), {
        runId: "run",
        capUsd: 1,
      });

    expect(act).toThrow(JudgeloopError);
    expect(act).toThrow(
      expect.objectContaining({ code: "unknown_price", message: expect.stringContaining("acme/mystery") }),
    );
  });

  it("lets an unpriced model run under a call cap alone", async () => {
    const fake = new FakeLM([{ text: "ok", costUsd: 0.5 }], { model: "acme/mystery" });
    const lm = withBudget(fake, new MemoryBudgetLedger(), { runId: "run", maxCalls: 1 });

    const response = await lm.call(request);

    expect(response.costUsd).toBe(0.5);
  });

  it("reconciles the reservation to the real cost of the call", async () => {
    const ledger = new MemoryBudgetLedger();
    const fake = new FakeLM([{ text: "yes", usage }], { model });
    const lm = withBudget(fake, ledger, { runId: "run", capUsd: 1 });

    const response = await lm.call(request);

    const expected = costOf(model, usage);
    expect(response.costUsd).toBe(expected);
    expect(await ledger.spent("run")).toBeCloseTo(expected ?? Number.NaN, 9);
    expect((await ledger.snapshot())[0]).toMatchObject({ reservedUsd: 0, calls: 1 });
  });

  it("refuses with budget_exceeded before calling the model", async () => {
    const fake = new FakeLM(["never"], { model });
    const price = priceOf(model);
    const capUsd = price ? worstCaseCost(model, request, price) / 2 : 0;
    const lm = withBudget(fake, new MemoryBudgetLedger(), { runId: "run", capUsd });

    const error = await lm.call(request).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LMError);
    expect(error).toMatchObject({ kind: "budget_exceeded", model });
    expect((error as Error).message).not.toContain("helpful");
    expect(fake.callCount).toBe(0);
  });

  it("refuses the call past maxCalls", async () => {
    const lm = withBudget(new FakeLM(["a", "b"], { model }), new MemoryBudgetLedger(), { runId: "run", maxCalls: 1 });
    await lm.call(request);

    await expect(lm.call(request)).rejects.toMatchObject({ kind: "budget_exceeded" });
  });

  it("releases the reservation when the call fails", async () => {
    const ledger = new MemoryBudgetLedger();
    const failure = new LMError("server", "500", { provider: "openai", status: 500 });
    const lm = withBudget(new FakeLM([failure], { model }), ledger, { runId: "run", capUsd: 1 });

    await expect(lm.call(request)).rejects.toBe(failure);

    expect((await ledger.snapshot())[0]).toMatchObject({ spentUsd: 0, reservedUsd: 0, calls: 0 });
  });

  it("asks for the default output bound when the request sets none", async () => {
    const fake = new FakeLM(["ok"], { model });
    const lm = withBudget(fake, new MemoryBudgetLedger(), { runId: "run", capUsd: 1, maxOutputTokensDefault: 321 });

    await lm.call({ messages: request.messages });

    expect(fake.lastRequest?.maxTokens).toBe(321);
  });

  it("stops a concurrent run at its cap, reconciling every finished call", async () => {
    // Prepare
    const ledger = new MemoryBudgetLedger();
    const rng = new Random("with-budget-race");
    const fake = new FakeLM(() => ({ text: "done", usage: { ...usage, outputTokens: rng.int(1000) } }), {
      model,
      latencyMs: () => rng.int(3),
    });
    const lm = withBudget(fake, ledger, { runId: "run", capUsd: 0.01, prices: defaultPrices });

    // Act
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => lm.call(request)));

    // Assess
    const spent = results.reduce((sum, r) => sum + (r.status === "fulfilled" ? (r.value.costUsd ?? 0) : 0), 0);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.reason instanceof LMError && r.reason.kind === "budget_exceeded")).toBe(true);
    expect(await ledger.spent("run")).toBeCloseTo(spent, 9);
    expect(await ledger.spent("run")).toBeLessThanOrEqual(0.01);
    expect(fake.callCount).toBe(results.length - refused.length);
  });
});
