import { describe, expect, it } from "vitest";
import { knownMaxOutputTokens } from "./output-limits.ts";

describe("knownMaxOutputTokens", () => {
  it.each([
    ["gpt-4o-mini", 16_384],
    ["ft:gpt-4o-mini-2024-07-18:acme::x", 16_384],
    ["gpt-4.1-nano", 32_768],
    ["o4-mini", 100_000],
    ["gpt-5-mini", 128_000],
    ["claude-haiku-4-5", 64_000],
    ["claude-opus-4-1-20250805", 32_000],
    ["gemini-2.5-flash", 65_536],
  ])("knows %s produces at most %i tokens", (model, limit) => {
    expect(knownMaxOutputTokens(model)).toBe(limit);
  });

  it("knows nothing of models served by OpenAI-compatible servers", () => {
    expect(knownMaxOutputTokens("llama3.1:8b")).toBeUndefined();
  });
});
