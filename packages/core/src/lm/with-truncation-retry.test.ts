import { describe, expect, it } from "vitest";
import { MemoryBudgetLedger } from "./budget.ts";
import { LMError } from "./errors.ts";
import { FakeLM } from "./fake-lm.ts";
import { costOf } from "./prices.ts";
import type { LMRequest } from "./types.ts";
import { withBudget } from "./with-budget.ts";
import { type TruncationEvent, withTruncationRetry } from "./with-truncation-retry.ts";

const model = "openai/gpt-4o-mini";
const request: LMRequest = { messages: [{ role: "user", content: "Judge this reply." }] };
const truncatedUsage = { inputTokens: 30, outputTokens: 4096, cachedInputTokens: 0, reasoningTokens: 0 };
const truncated = () => new LMError("truncated", "cut off", { provider: "openai", model, usage: truncatedUsage });

describe("withTruncationRetry", () => {
  it("asks a request without maxTokens for the model's allowance: 4k, or 16k for a reasoning model", async () => {
    const chat = new FakeLM(["ok"], { model });
    const reasoner = new FakeLM(["ok"], { model: "openai/o4-mini", capabilities: { reasoning: true } });

    await withTruncationRetry(chat).call(request);
    await withTruncationRetry(reasoner).call(request);

    expect(chat.requests[0]?.maxTokens).toBe(4096);
    expect(reasoner.requests[0]?.maxTokens).toBe(16_384);
  });

  it("retries a truncated answer once with twice the allowance and returns the full answer", async () => {
    const fake = new FakeLM([truncated(), '{"ok": true}'], { model });
    const events: TruncationEvent[] = [];

    const response = await withTruncationRetry(fake, { onTruncated: (event) => events.push(event) }).call({
      ...request,
      maxTokens: 1000,
    });

    expect(response.text).toBe('{"ok": true}');
    expect(fake.requests.map((sent) => sent.maxTokens)).toEqual([1000, 2000]);
    expect(events).toEqual([{ model, maxTokens: 1000, retryMaxTokens: 2000 }]);
  });

  it("fails with truncated after the one retry is truncated too", async () => {
    const fake = new FakeLM([truncated(), truncated(), "never asked"], { model });

    const error = await withTruncationRetry(fake)
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      kind: "truncated",
      message: expect.stringContaining("8192 output tokens on the retry"),
    });
    expect(fake.requests).toHaveLength(2);
  });

  it("never asks for more than the model's cap, and makes no retry when the cap is already reached", async () => {
    const capped = new FakeLM([truncated(), "ok"], { model });
    const atCap = new FakeLM([truncated(), "never asked"], { model });

    await withTruncationRetry(capped, { maxTokensCap: 6000 }).call({ ...request, maxTokens: 4000 });
    const error = await withTruncationRetry(atCap, { maxTokensCap: 4000 })
      .call({ ...request, maxTokens: 4000 })
      .catch((caught: unknown) => caught);

    expect(capped.requests.map((sent) => sent.maxTokens)).toEqual([4000, 6000]);
    expect(error).toMatchObject({ kind: "truncated" });
    expect(atCap.requests).toHaveLength(1);
  });

  it("takes the cap from the model's known output limit", async () => {
    const fake = new FakeLM([truncated(), "ok"], { model, capabilities: { maxOutputTokens: 5000 } });

    await withTruncationRetry(fake).call(request);

    expect(fake.requests.map((sent) => sent.maxTokens)).toEqual([4096, 5000]);
  });

  it("leaves other failures to the layers that handle them", async () => {
    const fake = new FakeLM([new LMError("bad_request", "400", { provider: "openai", model }), "never asked"], {
      model,
    });

    const error = await withTruncationRetry(fake)
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "bad_request" });
    expect(fake.requests).toHaveLength(1);
  });

  it("books the truncated attempt's tokens and reserves the retry's own worst case within the cap", async () => {
    const ledger = new MemoryBudgetLedger();
    const fake = new FakeLM([truncated(), { text: "ok", usage: { inputTokens: 30, outputTokens: 5000 } }], { model });
    const lm = withTruncationRetry(withBudget(fake, ledger, { runId: "run", capUsd: 1 }));

    await lm.call(request);

    const expected = costOf(model, truncatedUsage) ?? 0;
    const retryCost = costOf(model, { ...truncatedUsage, outputTokens: 5000 }) ?? 0;
    expect(await ledger.spent("run")).toBeCloseTo(expected + retryCost, 9);
    expect((await ledger.snapshot())[0]).toMatchObject({ calls: 2, reservedUsd: 0 });
  });

  it("reports truncated, not a budget refusal, when the cap leaves no room for the doubled retry", async () => {
    const ledger = new MemoryBudgetLedger();
    const fake = new FakeLM([truncated(), "never asked"], { model });
    // gpt-4o-mini output is $0.60/M: 4096 tokens fit under the cap, the doubled 8192 do not.
    const lm = withTruncationRetry(withBudget(fake, ledger, { runId: "run", capUsd: 0.004 }));

    const error = await lm.call(request).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "truncated" });
    expect(fake.requests).toHaveLength(1);
  });
});
