import { beforeAll, describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { countMessageTokens, countTextTokens, estimateInputTokens, loadTokenizer } from "./tokens.ts";
import type { Message } from "./types.ts";

const messages: Message[] = [
  { role: "system", content: "You are a judge." },
  { role: "user", content: "Hello there, how are you?" },
];

// Runs first: this file's module instance has not loaded the tokenizer yet.
describe("loadTokenizer", () => {
  it("is needed before counting: counts fail with tokenizer_not_loaded until it settles", async () => {
    expect(() => countTextTokens("Hello there")).toThrow(JudgeloopError);
    expect(() => countTextTokens("Hello there")).toThrow(/loadTokenizer/);

    await loadTokenizer();

    expect(countTextTokens("Hello there")).toBe(2);
  });
});

describe("countMessageTokens", () => {
  beforeAll(() => loadTokenizer());

  it("counts the content plus OpenAI's per-message framing", () => {
    const content = countTextTokens("You are a judge.") + countTextTokens("Hello there, how are you?");

    expect(countMessageTokens(messages)).toBe(content + 2 * 4 + 3);
  });
});

describe("estimateInputTokens", () => {
  beforeAll(() => loadTokenizer());

  it("is the exact chat count for OpenAI models", () => {
    expect(estimateInputTokens("openai/gpt-4o-mini", { messages })).toBe(countMessageTokens(messages));
  });

  it("adds the tokens of a JSON schema response format", () => {
    const schema = { type: "object", properties: { satisfied: { type: "boolean" } } };
    const responseFormat = { type: "json_schema" as const, name: "judge", schema };

    const tokens = estimateInputTokens("openai/gpt-4o-mini", { messages, responseFormat });

    expect(tokens).toBe(countMessageTokens(messages) + countTextTokens(JSON.stringify(schema)));
  });

  it("errs high for providers whose tokenizer is not public", () => {
    const openai = estimateInputTokens("openai/gpt-4o", { messages });

    expect(estimateInputTokens("anthropic/claude-haiku-4-5", { messages })).toBeGreaterThan(openai);
    expect(estimateInputTokens("gemini/gemini-2.5-flash", { messages })).toBeGreaterThan(openai);
  });
});
