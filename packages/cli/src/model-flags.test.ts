import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { type ModelSettingFlags, modelSettingOptions, withFlagSettings } from "./model-flags.ts";

function parsed(args: string[]): ModelSettingFlags {
  const command = modelSettingOptions(new Command("evaluate").exitOverride().configureOutput({ writeErr: () => {} }));
  command.parse(args, { from: "user" });
  return command.opts<ModelSettingFlags>();
}

describe("modelSettingOptions", () => {
  it("parses the four per-model flags", () => {
    expect(
      parsed([
        "--max-output-tokens",
        "32000",
        "--timeout-ms",
        "90000",
        "--reasoning-effort",
        "low",
        "--thinking-budget",
        "0",
      ]),
    ).toEqual({ maxOutputTokens: 32000, timeoutMs: 90000, reasoningEffort: "low", thinkingBudget: 0 });
  });

  it("refuses an unknown effort and an allowance below 1, naming the flag", () => {
    expect(() => parsed(["--reasoning-effort", "max"])).toThrow(/--reasoning-effort/);
    expect(() => parsed(["--max-output-tokens", "0"])).toThrow(/--max-output-tokens.*at least 1/);
  });
});

describe("withFlagSettings", () => {
  it("lays the flags over every configured model, so they win", () => {
    const config = { "openai/o4-mini": { maxOutputTokens: 8000, reasoningEffort: "high" as const } };

    expect(withFlagSettings(config, { maxOutputTokens: 32000 })).toEqual({
      "openai/o4-mini": { maxOutputTokens: 32000, reasoningEffort: "high" },
      "*": { maxOutputTokens: 32000 },
    });
  });

  it("leaves the config unchanged when no flag is given", () => {
    const config = { "*": { timeoutMs: 5 } };

    expect(withFlagSettings(config, {})).toBe(config);
  });
});
