import { describe, expect, it } from "vitest";
import { estimateWorkload } from "./estimate.ts";
import { defaultPrices, mergePrices } from "./prices.ts";

describe("estimateWorkload", () => {
  it("totals calls, tokens and dollars across models", () => {
    const estimate = estimateWorkload([
      { model: "openai/gpt-4o-mini", calls: 400, inputTokensPerCall: 900, outputTokensPerCall: 120 },
      { model: "openai/gpt-4.1", calls: 400, inputTokensPerCall: 1200, outputTokensPerCall: 60 },
    ]);

    expect(estimate).toMatchObject({ calls: 800, inputTokens: 840_000, outputTokens: 72_000, unpricedModels: [] });
    expect(estimate.costUsd).toBeCloseTo(0.0828 + 1.152, 10);
  });

  it("accepts a single item and a custom price table", () => {
    const prices = mergePrices(defaultPrices, { "acme/model": { input: 1, output: 2 } });

    const estimate = estimateWorkload(
      { model: "acme/model", calls: 10, inputTokensPerCall: 100_000, outputTokensPerCall: 50_000 },
      prices,
    );

    expect(estimate.costUsd).toBeCloseTo(2, 10);
  });

  it("reports no dollar figure, and names the models, when a price is unknown", () => {
    const estimate = estimateWorkload([
      { model: "openai/gpt-4o-mini", calls: 1, inputTokensPerCall: 10, outputTokensPerCall: 10 },
      { model: "acme/mystery", calls: 1, inputTokensPerCall: 10, outputTokensPerCall: 10 },
    ]);

    expect(estimate.costUsd).toBeUndefined();
    expect(estimate.unpricedModels).toEqual(["acme/mystery"]);
    expect(estimate.calls).toBe(2);
  });

  it("rejects a negative call count, naming the field", () => {
    const act = () => estimateWorkload({ model: "sim/x", calls: -1, inputTokensPerCall: 1, outputTokensPerCall: 1 });

    expect(act).toThrow(/sim\/x.*`calls`/);
  });
});
