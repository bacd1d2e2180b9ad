import { describe, expect, it } from "vitest";
import {
  anthropicSupportsStructuredOutputs,
  geminiCapabilities,
  openAIModelProfile,
  profileOverrides,
} from "./capabilities.ts";

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
    ["o5-pro", true, true],
    ["gpt-5.2", true, true],
    ["gpt-6-mini", true, true],
    ["gpt-5.1-chat-latest", true, false],
  ])("gives %s structured outputs %s and reasoning %s", (model, structured, reasoning) => {
    expect(openAIModelProfile(model)).toMatchObject({ structuredOutputs: structured, reasoning });
  });

  it("gives older and unknown models JSON mode only", () => {
    expect(openAIModelProfile("gpt-4o-2024-05-13").structuredOutputs).toBe(false);
    const jsonOnly = { structuredOutputs: false, jsonMode: true, reasoning: false, temperature: true };
    expect(openAIModelProfile("gpt-3.5-turbo")).toMatchObject(jsonOnly);
    expect(openAIModelProfile("qwen2.5:7b")).toMatchObject(jsonOnly);
  });

  it("takes no temperature on reasoning models, and says so through fixedTemperature", () => {
    expect(openAIModelProfile("o4-mini")).toMatchObject({ temperature: false, fixedTemperature: true });
    expect(openAIModelProfile("gpt-4o")).toMatchObject({ temperature: true, fixedTemperature: false });
  });

  it("applies overrides on top of the table", () => {
    expect(openAIModelProfile("qwen2.5:7b", { structuredOutputs: true }).structuredOutputs).toBe(true);
    expect(openAIModelProfile("my-reasoner", { temperature: false })).toMatchObject({ fixedTemperature: true });
    expect(openAIModelProfile("gpt-4o", { temperature: undefined }).temperature).toBe(true);
  });
});

describe("profileOverrides", () => {
  it("keeps the capability settings and leaves request settings out", () => {
    expect(profileOverrides({ temperature: false, reasoning: true, timeoutMs: 9000, maxOutputTokens: 5 })).toEqual({
      temperature: false,
      reasoning: true,
    });
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
    expect(geminiCapabilities("gemini-2.5-flash")).toMatchObject({ structuredOutputs: true, jsonMode: true });
    expect(geminiCapabilities("gemini-1.0-pro")).toMatchObject({ structuredOutputs: false, jsonMode: false });
  });

  it("counts the thinking generations (2.5 and later) as reasoning models", () => {
    expect(geminiCapabilities("gemini-2.5-flash").reasoning).toBe(true);
    expect(geminiCapabilities("gemini-3-pro-preview").reasoning).toBe(true);
    expect(geminiCapabilities("gemini-2.0-flash").reasoning).toBe(false);
  });
});
