import { describe, expect, it } from "vitest";
import { anthropicSupportsStructuredOutputs, geminiCapabilities, openAIModelProfile } from "./capabilities.ts";

describe("openAIModelProfile", () => {
  it.each([
    ["gpt-4o-mini", true, false],
    ["gpt-4o-2024-08-06", true, false],
    ["gpt-4.1-nano", true, false],
    ["gpt-5-mini", true, true],
    ["gpt-5-chat-latest", true, false],
    ["o3-mini", true, true],
    ["o4-mini", true, true],
    ["ft:gpt-4o-mini-2024-07-18:acme::abc123", true, false],
  ])("gives %s structured outputs %s and reasoning %s", (model, structured, reasoning) => {
    expect(openAIModelProfile(model)).toMatchObject({ structuredOutputs: structured, reasoning });
  });

  it("gives older and unknown models JSON mode only", () => {
    expect(openAIModelProfile("gpt-4o-2024-05-13").structuredOutputs).toBe(false);
    expect(openAIModelProfile("gpt-3.5-turbo")).toEqual({ structuredOutputs: false, jsonMode: true, reasoning: false });
    expect(openAIModelProfile("qwen2.5:7b")).toEqual({ structuredOutputs: false, jsonMode: true, reasoning: false });
  });

  it("applies overrides on top of the table", () => {
    expect(openAIModelProfile("qwen2.5:7b", { structuredOutputs: true }).structuredOutputs).toBe(true);
  });
});

describe("anthropicSupportsStructuredOutputs", () => {
  it.each([
    ["claude-haiku-4-5", true],
    ["claude-haiku-4-5-20251001", true],
    ["claude-sonnet-4-6", true],
    ["claude-opus-4-1-20250805", true],
    ["claude-opus-5", true],
    ["claude-sonnet-4-20250514", false],
    ["claude-3-5-haiku-20241022", false],
    ["claude-3-opus-20240229", false],
    ["not-a-claude", false],
  ])("answers %s with %s", (model, expected) => {
    expect(anthropicSupportsStructuredOutputs(model)).toBe(expected);
  });
});

describe("geminiCapabilities", () => {
  it("supports JSON schema output on current models only", () => {
    expect(geminiCapabilities("gemini-2.5-flash")).toEqual({ structuredOutputs: true, jsonMode: true });
    expect(geminiCapabilities("gemini-1.0-pro")).toEqual({ structuredOutputs: false, jsonMode: false });
  });
});
