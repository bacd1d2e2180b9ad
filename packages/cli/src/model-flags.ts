import {
  type ModelSettings,
  type ModelSettingsMap,
  overrideModelSettings,
  type ReasoningEffort,
  reasoningEfforts,
} from "@judgeloop/core";
import { type Command, InvalidArgumentError, Option } from "commander";

/** The per-model flags, as commander parses them. */
export interface ModelSettingFlags {
  maxOutputTokens?: number;
  timeoutMs?: number;
  reasoningEffort?: ReasoningEffort;
  thinkingBudget?: number;
}

function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    return n;
  };
}

/**
 * Adds `--max-output-tokens`, `--timeout-ms`, `--reasoning-effort` and `--thinking-budget`,
 * which apply to every model the command calls (over the config's `modelSettings`).
 *
 * @example
 * modelSettingOptions(program.command("evaluate"));
 */
export function modelSettingOptions(command: Command): Command {
  return command
    .option(
      "--max-output-tokens <n>",
      "output allowance per call (default 16384 for reasoning models, 4096 otherwise)",
      wholeNumber(1),
    )
    .option("--timeout-ms <n>", "per-request timeout in ms (default 60000)", wholeNumber(1))
    .addOption(
      new Option("--reasoning-effort <level>", "reasoning_effort for OpenAI reasoning models").choices(
        reasoningEfforts,
      ),
    )
    .option(
      "--thinking-budget <n>",
      "thinking tokens: Anthropic extended thinking (≥ 1024), Gemini thinkingBudget (0 = off)",
      wholeNumber(0),
    );
}

/**
 * The settings the flags give, for every model.
 *
 * @example
 * modelSettingsFromFlags({ maxOutputTokens: 32000 }); // { maxOutputTokens: 32000 }
 */
export function modelSettingsFromFlags(flags: ModelSettingFlags): ModelSettings {
  const settings: ModelSettings = {};
  if (flags.maxOutputTokens !== undefined) settings.maxOutputTokens = flags.maxOutputTokens;
  if (flags.timeoutMs !== undefined) settings.timeoutMs = flags.timeoutMs;
  if (flags.reasoningEffort !== undefined) settings.reasoningEffort = flags.reasoningEffort;
  if (flags.thinkingBudget !== undefined) settings.thinkingBudget = flags.thinkingBudget;
  return settings;
}

/**
 * `map` with the flags' settings laid over every entry, or `map` unchanged when no flag is set.
 *
 * @example
 * withFlagSettings(config.modelSettings, flags);
 */
export function withFlagSettings(map: ModelSettingsMap | undefined, flags: ModelSettingFlags): ModelSettingsMap {
  const settings = modelSettingsFromFlags(flags);
  if (Object.keys(settings).length === 0) return map ?? {};
  return overrideModelSettings(map, settings);
}
