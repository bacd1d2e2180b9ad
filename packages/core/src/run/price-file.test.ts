import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { MemoryBudgetLedger } from "../lm/budget.ts";
import { FakeLM } from "../lm/fake-lm.ts";
import { defaultPrices, priceOf } from "../lm/prices.ts";
import { withBudget } from "../lm/with-budget.ts";
import { parsePriceFile, pricesFromFile } from "./price-file.ts";

describe("pricesFromFile", () => {
  it("lets a file's row win over the built-in price, field by field", () => {
    const prices = pricesFromFile('{"openai/gpt-4o": {"output": 9}}', "prices.json", defaultPrices);

    expect(priceOf("openai/gpt-4o-2024-08-06", prices)).toEqual({ ...defaultPrices["openai/gpt-4o"], output: 9 });
    expect(priceOf("openai/gpt-4o")?.output).toBe(10);
  });

  it("prices a model the table does not know", () => {
    const prices = pricesFromFile('{"acme/judge-7b": {"input": 0.2, "output": 0.4}}', "prices.json", defaultPrices);

    expect(priceOf("acme/judge-7b", prices)).toMatchObject({ input: 0.2, output: 0.4, cachedInput: 0.2 });
  });
});

describe("pricesFromFile under a dollar budget", () => {
  const budgeted = (prices = defaultPrices) =>
    withBudget(new FakeLM([{ text: "ok" }], { model: "acme/judge-7b" }), new MemoryBudgetLedger(), {
      runId: "run",
      capUsd: 1,
      prices,
    });

  it("refuses an unknown model's dollar budget until the file prices it", async () => {
    expect(() => budgeted()).toThrow(expect.objectContaining({ code: "unknown_price" }));

    const prices = pricesFromFile('{"acme/judge-7b": {"input": 2, "output": 4}}', "prices.json", defaultPrices);
    const response = await budgeted(prices).call({ messages: [{ role: "user", content: "hi" }], maxTokens: 10 });

    expect(response.costUsd).toBeGreaterThan(0);
  });
});

describe("parsePriceFile", () => {
  const failure = (text: string) => {
    try {
      parsePriceFile(text, "prices.json", defaultPrices);
    } catch (error) {
      if (error instanceof JudgeloopError) return error;
      throw error;
    }
    throw new Error("expected parsePriceFile to throw");
  };

  it("names the file and the reason for text that is not JSON", () => {
    const error = failure("{ nope");

    expect(error.code).toBe("bad_prices");
    expect(error.message).toMatch(/^bad prices file prices\.json: not valid JSON/);
  });

  it("names the key of a field that is not a number, or that it does not know", () => {
    expect(failure('{"openai/gpt-4o": {"input": "cheap"}}').message).toContain("openai/gpt-4o.input:");
    expect(failure('{"openai/gpt-4o": {"inptu": 1}}').message).toContain("openai/gpt-4o.inptu: unknown key");
  });

  it("names a negative rate and a model name without its provider", () => {
    expect(failure('{"openai/gpt-4o": {"cachedInput": -1}}').message).toContain("openai/gpt-4o.cachedInput:");
    expect(failure('{"gpt-4o": {"input": 1, "output": 2}}').message).toContain("gpt-4o: expected provider/model");
  });

  it("names the missing field of a new model", () => {
    const error = failure('{"acme/new": {"input": 1}}');

    expect(error.message).toMatch(/^bad prices file prices\.json: price for acme\/new: `output` is required/);
  });
});
