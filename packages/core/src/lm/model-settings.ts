import { z } from "zod";
import type { LMCapabilities } from "./types.ts";

/** How hard an OpenAI reasoning model thinks before answering (`reasoning_effort`). */
export type ReasoningEffort = "minimal" | "low" | "medium" | "high";

export const reasoningEfforts: readonly ReasoningEffort[] = ["minimal", "low", "medium", "high"];

/**
 * Per-model settings from the run config (`modelSettings`) or the CLI: request settings, and
 * capability overrides for model names the built-in rules do not know (a new release, a model
 * behind an OpenAI-compatible server).
 */
export const modelSettingsSchema = z.strictObject({
  /** The output allowance sent as max_tokens / max_completion_tokens / maxOutputTokens. */
  maxOutputTokens: z.number().int().min(1).optional(),
  timeoutMs: z.number().int().min(1).optional(),
  reasoningEffort: z.enum(["minimal", "low", "medium", "high"]).optional(),
  /** Anthropic `thinking.budget_tokens` (≥ 1024), Gemini `thinkingConfig.thinkingBudget`. */
  thinkingBudget: z.number().int().min(0).optional(),
  /** false: the model rejects or ignores temperature, so it is never sent. */
  temperature: z.boolean().optional(),
  structuredOutputs: z.boolean().optional(),
  jsonMode: z.boolean().optional(),
  /** true: a reasoning model (bigger default allowance; OpenAI: max_completion_tokens). */
  reasoning: z.boolean().optional(),
});

export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/** A `modelSettings` key: `provider/model`, or a glob over it such as `openai/o*` or `*`. */
export const modelSettingsKey = z
  .string()
  .regex(/^(\*|[a-z0-9*][a-z0-9*-]*\/\S+)$/, "expected provider/model or a glob such as openai/o* or *");

/** The run config's `modelSettings` section. */
export const modelSettingsMapSchema = z.record(modelSettingsKey, modelSettingsSchema);

/** Settings by `provider/model` or a glob over it (`openai/o*`, `*`), as the run config holds them. */
export type ModelSettingsMap = Record<string, ModelSettings>;

/**
 * The settings that apply to `model`: every matching glob entry in the map's order, then the
 * exact entry, later ones overriding earlier ones key by key. `*` matches any run of characters.
 *
 * @example
 * modelSettingsFor("openai/o5-mini", { "openai/o*": { reasoning: true }, "openai/o5-mini": { timeoutMs: 90000 } });
 * // { reasoning: true, timeoutMs: 90000 }
 */
export function modelSettingsFor(model: string, map: ModelSettingsMap | undefined): ModelSettings {
  if (!map) return {};
  const entries = Object.entries(map);
  const globs = entries.filter(([key]) => key !== model && key.includes("*") && globMatches(key, model));
  const exact = map[model];
  return Object.assign({}, ...globs.map(([, settings]) => settings), exact ?? {});
}

/**
 * `map` with `settings` laid over every entry and over `*`, so settings given for every model
 * (the CLI's `--max-output-tokens` and friends) win over the config's per-model ones.
 *
 * @example
 * overrideModelSettings({ "openai/o4-mini": { timeoutMs: 9000 } }, { timeoutMs: 5000 });
 * // { "openai/o4-mini": { timeoutMs: 5000 }, "*": { timeoutMs: 5000 } }
 */
export function overrideModelSettings(map: ModelSettingsMap | undefined, settings: ModelSettings): ModelSettingsMap {
  const entries = Object.entries(map ?? {}).map(([key, value]) => [key, { ...value, ...settings }] as const);
  const result: ModelSettingsMap = Object.fromEntries(entries);
  result["*"] = { ...map?.["*"], ...settings };
  return result;
}

function globMatches(glob: string, text: string): boolean {
  const pattern = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`).test(text);
}

/** The output allowance of a reasoning model when nothing sets one: its thinking needs room. */
export const reasoningOutputAllowance = 16_384;

/** The output allowance of any other model when nothing sets one. */
export const standardOutputAllowance = 4_096;

/**
 * Output tokens to ask for when a request sets none: the model's configured allowance, else
 * 16k for reasoning models (their thinking counts against it) and 4k for the rest.
 *
 * @example
 * outputAllowanceOf({ structuredOutputs: true, jsonMode: true, reasoning: true }); // 16384
 */
export function outputAllowanceOf(capabilities: LMCapabilities): number {
  if (capabilities.outputAllowance !== undefined) return capabilities.outputAllowance;
  return capabilities.reasoning ? reasoningOutputAllowance : standardOutputAllowance;
}
