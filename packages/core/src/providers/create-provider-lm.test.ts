import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { FakeLM } from "../lm/fake-lm.ts";
import type { LM } from "../lm/types.ts";
import { AnthropicLM } from "./anthropic.ts";
import { createProviderLM, parseModelString } from "./create-provider-lm.ts";
import { GeminiLM } from "./gemini.ts";
import { OpenAILM } from "./openai.ts";

describe("parseModelString", () => {
  it("splits at the first slash, keeping slashes in the model part", () => {
    expect(parseModelString("openai/meta-llama/Llama-3.1-8B")).toEqual({
      provider: "openai",
      model: "meta-llama/Llama-3.1-8B",
    });
  });

  it.each(["gpt-4o", "/gpt-4o", "openai/", "openai/  "])("rejects %j naming the expected form", (text) => {
    expect(() => parseModelString(text)).toThrow(/provider\/model/);
  });
});

describe("createProviderLM", () => {
  it("builds each provider's LM with the model, capabilities and endpoint of its own LM class", () => {
    const keys = { openai: "k1", anthropic: "k2", gemini: "k3" };
    const identity = (lm: LM) => ({ model: lm.model, capabilities: lm.capabilities, endpoint: lm.endpoint });

    const openai = createProviderLM("openai/gpt-4o-mini", { keys });
    const anthropic = createProviderLM("anthropic/claude-haiku-4-5", { keys });
    const gemini = createProviderLM("gemini/gemini-2.5-flash", { keys });

    expect(identity(openai)).toEqual(identity(new OpenAILM({ model: "gpt-4o-mini", apiKey: "k1" })));
    expect(identity(anthropic)).toEqual(identity(new AnthropicLM({ model: "claude-haiku-4-5", apiKey: "k2" })));
    expect(identity(gemini)).toEqual(identity(new GeminiLM({ model: "gemini-2.5-flash", apiKey: "k3" })));
    expect([openai.model, anthropic.model, gemini.model]).toEqual([
      "openai/gpt-4o-mini",
      "anthropic/claude-haiku-4-5",
      "gemini/gemini-2.5-flash",
    ]);
  });

  it("applies the OpenAI profile override and the base URL as the OpenAI LM does", () => {
    const baseURL = "http://127.0.0.1:11434/v1";
    const lm = createProviderLM("openai/llama3.1:8b", {
      baseURLs: { openai: baseURL },
      openaiProfile: { structuredOutputs: true },
    });
    const direct = new OpenAILM({ model: "llama3.1:8b", apiKey: "x", baseURL, profile: { structuredOutputs: true } });

    expect({ capabilities: lm.capabilities, endpoint: lm.endpoint }).toEqual({
      capabilities: direct.capabilities,
      endpoint: direct.endpoint,
    });
  });

  it("names the environment variable to set when a key is missing", () => {
    const attempt = () => createProviderLM("anthropic/claude-haiku-4-5", { keys: { openai: "k1" } });

    expect(attempt).toThrow(JudgeloopError);
    expect(attempt).toThrow(/ANTHROPIC_API_KEY/);
  });

  it("accepts no key for an OpenAI-compatible base URL", () => {
    const lm = createProviderLM("openai/llama3.1:8b", { baseURLs: { openai: "http://127.0.0.1:11434/v1" } });

    expect(lm.model).toBe("openai/llama3.1:8b");
  });

  it("rejects an unknown provider, listing the known ones", () => {
    expect(() => createProviderLM("mistral/large", { keys: {} })).toThrow(/unknown provider "mistral".*openai/);
  });

  it("hands sim models to the simulator hook and fails clearly without one", () => {
    const simulated = new FakeLM([], { model: "sim/strong" });

    const lm = createProviderLM("sim/strong", { sim: (model) => (model === "sim/strong" ? simulated : new FakeLM()) });

    expect(lm).toBe(simulated);
    expect(() => createProviderLM("sim/strong")).toThrow(/simulator/);
  });
});
