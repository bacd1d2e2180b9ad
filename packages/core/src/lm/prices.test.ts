import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { costOf, defaultPrices, defaultPricesCheckedOn, mergePrices, priceOf, priceRowOf } from "./prices.ts";
import type { Usage } from "./types.ts";

const usage = (inputTokens: number, outputTokens: number, cachedInputTokens = 0): Usage => ({
  inputTokens,
  outputTokens,
  cachedInputTokens,
  reasoningTokens: 0,
});

describe("priceOf", () => {
  it("finds a model by its exact id", () => {
    expect(priceOf("openai/gpt-4o")).toEqual(defaultPrices["openai/gpt-4o"]);
  });

  it("finds a dated snapshot through the longest known prefix", () => {
    const price = priceOf("openai/gpt-4o-mini-2024-07-18");

    expect(price).toEqual(defaultPrices["openai/gpt-4o-mini"]);
    expect(price).not.toEqual(defaultPrices["openai/gpt-4o"]);
  });

  it("finds compact-dated and tagged snapshots", () => {
    expect(priceOf("anthropic/claude-haiku-4-5-20251001")?.input).toBe(1);
    expect(priceOf("anthropic/claude-sonnet-4-5@20250929")?.output).toBe(15);
    expect(priceOf("gemini/gemini-2.5-flash-preview-05-20")).toEqual(defaultPrices["gemini/gemini-2.5-flash"]);
    expect(priceOf("openai/gpt-4o-latest")).toEqual(defaultPrices["openai/gpt-4o"]);
  });

  it("does not lend a cheaper sibling's price to another variant", () => {
    expect(priceOf("openai/gpt-5-pro")).toBeUndefined();
    expect(priceOf("openai/gpt-5.5")).toBeUndefined();
    expect(priceOf("gemini/gemini-2.5-flash-lite")).toEqual(defaultPrices["gemini/gemini-2.5-flash-lite"]);
  });

  it("prices every simulated model with a nominal, labelled price", () => {
    const anySim = priceOf("sim/judge-v2");

    expect(anySim?.simulated).toBe(true);
    expect(anySim?.input).toBeGreaterThan(0);
    expect(priceOf("sim/strong")?.input).toBeGreaterThan(priceOf("sim/weak")?.input ?? Number.POSITIVE_INFINITY);
  });

  it("prices a simulated model in another world like the model itself", () => {
    expect(priceOf("sim/strong~evidence")).toEqual(defaultPrices["sim/strong"]);
    expect(priceOf("openai/gpt-4o~evidence")).toBeUndefined();
  });

  it("returns undefined for an unknown model", () => {
    expect(priceOf("acme/unknown-model")).toBeUndefined();
  });
});

describe("priceRowOf", () => {
  it("names the row itself for an exact id", () => {
    expect(priceRowOf("openai/gpt-6.2-sol")).toEqual({
      key: "openai/gpt-6.2-sol",
      price: defaultPrices["openai/gpt-6.2-sol"],
    });
  });

  it("names the family row a dated snapshot is priced by", () => {
    expect(priceRowOf("openai/gpt-4o-2024-08-06")?.key).toBe("openai/gpt-4o");
    expect(priceRowOf("anthropic/claude-opus-4-1-20250805")?.key).toBe("anthropic/claude-opus-4-1");
    expect(priceRowOf("gemini/gemini-2.5-flash-lite-preview-09-2025")?.key).toBe("gemini/gemini-2.5-flash-lite");
  });

  it("keeps near-namesakes apart", () => {
    expect(priceRowOf("anthropic/claude-sonnet-4-5")?.key).toBe("anthropic/claude-sonnet-4-5");
    expect(priceRowOf("anthropic/claude-sonnet-4-20250514")?.key).toBe("anthropic/claude-sonnet-4");
    expect(priceRowOf("openai/gpt-5.4-mini")?.key).toBe("openai/gpt-5.4-mini");
    expect(priceRowOf("openai/gpt-6-astra")).toBeUndefined();
  });

  it("reads rows from the table it is given", () => {
    const prices = mergePrices(defaultPrices, { "acme/model": { input: 1, output: 2 } });

    expect(priceRowOf("acme/model-2026-01-01", prices)?.key).toBe("acme/model");
    expect(priceRowOf("acme/model-2026-01-01")).toBeUndefined();
  });
});

describe("defaultPrices", () => {
  it("is dated and covers the current OpenAI, Anthropic and Gemini families", () => {
    expect(defaultPricesCheckedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const model of [
      "openai/gpt-6.2-sol",
      "openai/gpt-6-luna",
      "openai/gpt-5.4-nano",
      "openai/gpt-5-mini",
      "openai/gpt-4.1",
      "openai/o4-mini",
      "anthropic/claude-opus-5",
      "anthropic/claude-sonnet-5-5",
      "anthropic/claude-haiku-4-5-20251001",
      "gemini/gemini-2.5-pro",
    ]) {
      expect(priceOf(model), model).toBeDefined();
    }
  });

  it("never charges cached input above fresh input, nor input above output", () => {
    for (const [model, price] of Object.entries(defaultPrices)) {
      expect(price.cachedInput, model).toBeLessThanOrEqual(price.input);
      expect(price.input, model).toBeLessThanOrEqual(price.output);
    }
  });
});

describe("costOf", () => {
  it("charges input, cached input and output at their own rates", () => {
    const dollars = costOf("openai/gpt-4o-mini", usage(1_000_000, 1_000_000, 400_000));

    expect(dollars).toBeCloseTo(0.6 * 0.15 + 0.4 * 0.075 + 0.6, 12);
  });

  it("applies the batch discount when asked", () => {
    const full = costOf("anthropic/claude-haiku-4-5", usage(2000, 500));
    const batch = costOf("anthropic/claude-haiku-4-5", usage(2000, 500), defaultPrices, { batch: true });

    expect(full).toBeCloseTo(0.0045, 12);
    expect(batch).toBeCloseTo(0.00225, 12);
  });

  it("returns undefined, not zero, for an unknown model", () => {
    expect(costOf("acme/unknown-model", usage(10, 10))).toBeUndefined();
  });
});

describe("mergePrices", () => {
  it("updates known rows field by field and adds new models", () => {
    const prices = mergePrices(defaultPrices, {
      "openai/gpt-4o-mini": { output: 0.5 },
      "openai/my-finetune": { input: 0.3, output: 1.2 },
    });

    expect(prices["openai/gpt-4o-mini"]).toEqual({ ...defaultPrices["openai/gpt-4o-mini"], output: 0.5 });
    expect(priceOf("openai/my-finetune-2025-01-01", prices)).toEqual({
      input: 0.3,
      output: 1.2,
      cachedInput: 0.3,
      batchDiscount: 0,
    });
    expect(defaultPrices["openai/gpt-4o-mini"]?.output).toBe(0.6);
  });

  it("rejects a new model without an output price, naming the field", () => {
    const act = () => mergePrices(defaultPrices, { "acme/new": { input: 1 } });

    expect(act).toThrow(JudgeloopError);
    expect(act).toThrow(/acme\/new.*`output`/);
  });

  it("rejects negative rates and discounts above one", () => {
    expect(() => mergePrices(defaultPrices, { "acme/x": { input: -1, output: 1 } })).toThrow(/`input`/);
    expect(() => mergePrices(defaultPrices, { "openai/gpt-4o": { batchDiscount: 2 } })).toThrow(/batchDiscount/);
  });
});
