import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { LMError } from "./errors.ts";
import { FakeLM } from "./fake-lm.ts";
import type { LMRequest } from "./types.ts";

const ask = (content: string, signal?: AbortSignal): LMRequest => ({
  messages: [{ role: "user", content }],
  ...(signal && { signal }),
});

describe("FakeLM", () => {
  it("answers from its queue in order and records every request", async () => {
    const lm = new FakeLM(["first", { text: "second" }]);

    const a = await lm.call(ask("one"));
    const b = await lm.call(ask("two"));

    expect([a.text, b.text]).toEqual(["first", "second"]);
    expect(lm.requests.map((r) => r.messages[0]?.content)).toEqual(["one", "two"]);
    expect(lm.remaining).toBe(0);
  });

  it("throws a scripted error and still records the request", async () => {
    const lm = new FakeLM([new LMError("rate_limit", "fake 429", { provider: "fake", status: 429 })]);

    const call = lm.call(ask("hello"));

    await expect(call).rejects.toMatchObject({ kind: "rate_limit", status: 429 });
    expect(lm.callCount).toBe(1);
  });

  it("fails clearly when the queue runs out", async () => {
    const lm = new FakeLM(["only"]);
    await lm.call(ask("one"));

    const call = lm.call(ask("two"));

    await expect(call).rejects.toThrow(JudgeloopError);
    await expect(lm.call(ask("three"))).rejects.toThrow("no scripted reply for call #3");
  });

  it("asks a responder function for each reply with the call index", async () => {
    const lm = new FakeLM((request, index) => `${index}:${request.messages[0]?.content}`);

    const replies = [await lm.call(ask("a")), await lm.call(ask("b"))];

    expect(replies.map((r) => r.text)).toEqual(["0:a", "1:b"]);
  });

  it("counts usage in words and reports model, cost and flags", async () => {
    const lm = new FakeLM(["three word answer"], { model: "fake/judge", costUsd: (u) => u.outputTokens / 100 });

    const response = await lm.call({
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "  how are   you " },
      ],
    });

    expect(response.usage).toEqual({ inputTokens: 5, outputTokens: 3, cachedInputTokens: 0, reasoningTokens: 0 });
    expect(response).toMatchObject({ model: "fake/judge", costUsd: 0.03, cached: false });
    expect(response.simulated).toBeUndefined();
  });

  it("reports no cost when the price is set as unknown", async () => {
    const lm = new FakeLM(["x", { text: "y", costUsd: 0.5 }], { costUsd: null });

    const [unpriced, priced] = [await lm.call(ask("a")), await lm.call(ask("b"))];

    expect(unpriced.costUsd).toBeUndefined();
    expect(priced.costUsd).toBe(0.5);
  });

  it("flags responses as simulated when configured", async () => {
    const lm = new FakeLM(["x"], { simulated: true });

    const response = await lm.call(ask("q"));

    expect(response.simulated).toBe(true);
  });

  it("waits its latency through the injected sleep", async () => {
    const waits: number[] = [];
    const lm = new FakeLM(["a", "b"], {
      latencyMs: (_request, index) => 10 * (index + 1),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    await lm.call(ask("one"));
    const second = await lm.call(ask("two"));

    expect(waits).toEqual([10, 20]);
    expect(second.latencyMs).toBe(20);
  });

  it("tracks the peak number of calls in flight", async () => {
    const lm = new FakeLM(() => "ok", { latencyMs: 5 });

    await Promise.all([lm.call(ask("a")), lm.call(ask("b")), lm.call(ask("c"))]);
    await lm.call(ask("d"));

    expect(lm.maxInFlight).toBe(3);
    expect(lm.inFlight).toBe(0);
  });

  it("throws a cancelled LMError when the signal aborts during its latency", async () => {
    const controller = new AbortController();
    const lm = new FakeLM(["late"], { latencyMs: 10_000 });

    const call = lm.call(ask("q", controller.signal));
    controller.abort();

    await expect(call).rejects.toMatchObject({ name: "LMError", kind: "cancelled" });
  });

  it("reports the capabilities it was given", () => {
    const lm = new FakeLM([], { capabilities: { structuredOutputs: true } });

    expect(lm.capabilities).toEqual({ structuredOutputs: true, jsonMode: false });
  });

  it("writes JSON and chat-marker answers", () => {
    const outputs = { reasoning: "polite", satisfied: true };

    expect(FakeLM.json(outputs)).toBe('{"reasoning":"polite","satisfied":true}');
    expect(FakeLM.chat(outputs)).toBe(
      "[[ ## reasoning ## ]]\npolite\n\n[[ ## satisfied ## ]]\ntrue\n\n[[ ## completed ## ]]",
    );
  });
});
