import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ModelSettingsMap, modelSettingsFor, overrideModelSettings } from "../lm/model-settings.ts";
import { createProviderLM } from "./create-provider-lm.ts";
import { openAICompletion } from "./testing/openai-completion.ts";
import { RecordingServer } from "./testing/recording-server.ts";

const request = { messages: [{ role: "user" as const, content: "Judge this reply." }], temperature: 0.7 };

describe("modelSettingsFor", () => {
  it("merges matching globs in order, then the exact entry", () => {
    const map = {
      "*": { timeoutMs: 1000, maxOutputTokens: 100 },
      "openai/o*": { reasoning: true, timeoutMs: 2000 },
      "openai/o5-mini": { timeoutMs: 3000 },
      "anthropic/*": { thinkingBudget: 2048 },
    };

    expect(modelSettingsFor("openai/o5-mini", map)).toEqual({ timeoutMs: 3000, maxOutputTokens: 100, reasoning: true });
    expect(modelSettingsFor("openai/gpt-4o", map)).toEqual({ timeoutMs: 1000, maxOutputTokens: 100 });
    expect(modelSettingsFor("openai/gpt-4o", undefined)).toEqual({});
  });
});

describe("overrideModelSettings", () => {
  it("lays the settings over every entry and over *", () => {
    expect(
      overrideModelSettings({ "openai/o4-mini": { timeoutMs: 9000, reasoningEffort: "low" } }, { timeoutMs: 5 }),
    ).toEqual({
      "openai/o4-mini": { timeoutMs: 5, reasoningEffort: "low" },
      "*": { timeoutMs: 5 },
    });
  });
});

describe("createProviderLM with per-model settings", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const build = (model: string, models: ModelSettingsMap) =>
    createProviderLM(model, { baseURLs: { openai: `${server.url}/v1` }, models });

  it("drops temperature and sends max_completion_tokens for a model the config marks as a reasoning model", async () => {
    server.enqueue({ status: 200, body: openAICompletion("{}") });
    const lm = build("openai/qwq-32b", {
      "openai/qwq*": { temperature: false, reasoning: true, reasoningEffort: "high" },
    });

    await lm.call({ ...request, maxTokens: 500 });

    expect(lm.capabilities).toMatchObject({ fixedTemperature: true, reasoning: true });
    expect(server.lastRequest?.body).toMatchObject({ max_completion_tokens: 500, reasoning_effort: "high" });
    expect(server.lastRequest?.body).not.toHaveProperty("temperature");
  });

  it("sends the configured output allowance and names it as the model's allowance", async () => {
    server.enqueue({ status: 200, body: openAICompletion("{}") });
    const lm = build("openai/llama3.1:8b", { "*": { maxOutputTokens: 1234 } });

    await lm.call(request);

    expect(lm.capabilities.outputAllowance).toBe(1234);
    expect(server.lastRequest?.body).toMatchObject({ max_tokens: 1234, temperature: 0.7 });
  });

  it("applies the configured timeout", async () => {
    server.enqueue({ status: 200, body: openAICompletion("{}"), delayMs: 300 });
    const lm = build("openai/llama3.1:8b", { "openai/llama3.1:8b": { timeoutMs: 50 } });

    const error = await lm.call(request).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "timeout" });
  });

  it("sends no temperature to a Gemini model the config says takes none", async () => {
    const reply = { candidates: [{ content: { role: "model", parts: [{ text: "{}" }] }, finishReason: "STOP" }] };
    server.enqueue({ status: 200, body: reply });
    const lm = createProviderLM("gemini/gemini-exp-9", {
      keys: { gemini: "k" },
      baseURLs: { gemini: server.url },
      models: { "gemini/gemini-exp*": { temperature: false } },
    });

    await lm.call(request);

    expect(lm.capabilities.fixedTemperature).toBe(true);
    expect(server.lastRequest?.body.generationConfig).not.toHaveProperty("temperature");
  });

  it("sizes an Anthropic model with a thinking budget as a reasoning model", () => {
    const lm = createProviderLM("anthropic/claude-sonnet-4-6", {
      keys: { anthropic: "k" },
      models: { "anthropic/*": { thinkingBudget: 20_000 } },
    });

    expect(lm.capabilities).toMatchObject({ reasoning: true, fixedTemperature: true, outputAllowance: 24_096 });
  });
});
