import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MemoryBudgetLedger,
  MemoryCacheStore,
  requireModelKey,
  resolveRoleModels,
  simulatedRoleModels,
} from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLMFactory, providerEnv } from "./lm-factory.ts";

const request = { messages: [{ role: "user" as const, content: "Customer: my bag is lost\nSupport: DM us." }] };

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "judgeloop-lm-factory-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("providerEnv", () => {
  it("reads provider keys, the OpenAI-compatible endpoint and the call log, ignoring blank values", () => {
    const env = providerEnv({
      OPENAI_API_KEY: " sk-1 ",
      GEMINI_API_KEY: "",
      OPENAI_BASE_URL: "http://127.0.0.1:1/v1",
      JUDGELOOP_SIM_CALL_LOG: "calls.log",
    });

    expect(env).toEqual({ keys: { openai: "sk-1" }, openaiBaseURL: "http://127.0.0.1:1/v1", simCallLog: "calls.log" });
  });
});

describe("resolveRoleModels", () => {
  it("puts every role on the simulator when no provider is configured, keeping configured sim models", () => {
    const configured = { generator: "openai/gpt-4o-mini", judge: "sim/judge@0.7" };

    const { models, simulatedFallback } = resolveRoleModels(configured, providerEnv({}));

    expect(simulatedFallback).toBe(true);
    expect(models).toEqual({ ...simulatedRoleModels, judge: "sim/judge@0.7" });
  });

  it("uses the configured models when their keys are set, filling missing roles from the others", () => {
    const env = providerEnv({ OPENAI_API_KEY: "sk-1", ANTHROPIC_API_KEY: "sk-2" });

    const { models } = resolveRoleModels({ generator: "openai/gpt-4o-mini", gold: "anthropic/claude-sonnet-4-5" }, env);

    expect(models).toEqual({
      generator: "openai/gpt-4o-mini",
      judge: "openai/gpt-4o-mini",
      gold: "anthropic/claude-sonnet-4-5",
      proposer: "openai/gpt-4o-mini",
    });
  });

  it("names the role and the variable to set when a configured model has no key", () => {
    const env = providerEnv({ OPENAI_API_KEY: "sk-1" });

    const resolve = () => resolveRoleModels({ generator: "openai/gpt-4o-mini", judge: "gemini/gemini-2.5-flash" }, env);

    expect(resolve).toThrow("models.judge gemini/gemini-2.5-flash needs an API key: set GEMINI_API_KEY");
  });
});

describe("requireModelKey", () => {
  it("accepts sim models and OpenAI models served by an OpenAI-compatible endpoint without a key", () => {
    const env = providerEnv({ OPENAI_BASE_URL: "http://127.0.0.1:1/v1" });

    expect(() => requireModelKey("sim/anything", env, "--model")).not.toThrow();
    expect(() => requireModelKey("openai/llama3", env, "--model")).not.toThrow();
    expect(() => requireModelKey("anthropic/claude-haiku-4-5", env, "--model")).toThrow("set ANTHROPIC_API_KEY");
    expect(() => requireModelKey("mistral/large", env, "--model")).toThrow('unknown provider "mistral"');
  });
});

describe("createLMFactory", () => {
  it("logs each simulator call once: a repeated request is answered by the cache", async () => {
    const log = join(dir, "calls.log");
    const lmFor = createLMFactory({
      env: { keys: {}, simCallLog: log },
      cache: { store: new MemoryCacheStore(), mode: "read-write" },
    });

    const first = await lmFor("sim/judge").call(request);
    const second = await lmFor("sim/judge").call(request);

    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.text).toBe(first.text);
    expect((await readFile(log, "utf8")).trim().split("\n")).toHaveLength(1);
  });

  it("never calls a model in replay mode: a miss fails with cache_miss", async () => {
    const lmFor = createLMFactory({ env: { keys: {} }, cache: { store: new MemoryCacheStore(), mode: "replay" } });

    await expect(lmFor("sim/judge").call(request)).rejects.toMatchObject({ kind: "cache_miss" });
  });

  it("refuses a call that would pass the run's dollar cap, before it is made", async () => {
    const ledger = new MemoryBudgetLedger();
    const lmFor = createLMFactory({ env: { keys: {} }, budget: { ledger, runId: "run-1", capUsd: 0.000001 } });

    await expect(lmFor("sim/judge").call(request)).rejects.toMatchObject({ kind: "budget_exceeded" });
    expect(await ledger.spent("run-1")).toBe(0);
  });

  it("fails at once, naming the variable, for a real model without its key", () => {
    const lmFor = createLMFactory({ env: { keys: {} } });

    expect(() => lmFor("openai/gpt-4o-mini")).toThrow("set OPENAI_API_KEY");
  });
});
