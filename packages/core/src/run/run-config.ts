import { z } from "zod";
import { configSections, modelsConfigSchema } from "../data/config.ts";
import { JudgeloopError } from "../errors.ts";
import { modelSettingsMapSchema } from "../lm/model-settings.ts";

const count = (min: number) => z.number().int().min(min);
const seed = z.union([z.number().int(), z.string().min(1)]);
const modelName = z.string().regex(/^[a-z0-9][a-z0-9-]*\/\S+$/, "expected provider/model, e.g. openai/gpt-4o-mini");

/**
 * Sizes of one MIPRO run; anything left out comes from the `auto` preset (see optimize/presets.ts).
 * Small explicit numbers keep the simulated default run within a few minutes.
 */
export const optimizerSettingsSchema = z.strictObject({
  /** `mipro` (instructions × demos, TPE) or `gepa` (reflective instruction evolution). */
  kind: z.enum(["mipro", "gepa"]).optional(),
  auto: z.enum(["light", "medium", "heavy"]).default("light"),
  /** GEPA's budget of metric calls (default from `auto`: light 400, medium 800, heavy 1600). */
  maxMetricCalls: count(1).optional(),
  seed: seed.optional(),
  numTrials: count(1).optional(),
  numCandidates: count(1).optional(),
  numInstructionCandidates: count(1).optional(),
  numDemoCandidates: count(1).optional(),
  minibatchSize: count(1).optional(),
  fullEvalPeriod: count(1).optional(),
  valsetSize: count(1).optional(),
  parallelTrials: count(1).optional(),
  maxBootstrappedDemos: count(0).optional(),
  maxLabeledDemos: count(0).optional(),
  /**
   * Share of the validation examples kept apart to re-measure the pick (0 to 0.5; default 0, as
   * DSPy). A split under 20 examples is not carved. MIPRO and GEPA both read it.
   */
  confirmFraction: z.number().min(0).max(0.5).optional(),
});

const rateSchema = z.strictObject({ rpm: z.number().positive().optional(), tpm: z.number().positive().optional() });

const priceSchema = z.strictObject({
  input: z.number().nonnegative().optional(),
  output: z.number().nonnegative().optional(),
  cachedInput: z.number().nonnegative().optional(),
  batchDiscount: z.number().min(0).max(1).optional(),
});

/**
 * Price overrides, USD per million tokens, by `provider/model`: the config's `prices` section and
 * the `--prices FILE` of the command line have this shape.
 *
 * @example
 * priceOverridesSchema.parse({ "openai/my-finetune": { input: 0.3, output: 1.2 } });
 */
export const priceOverridesSchema = z.record(modelName, priceSchema);

/** The run's sections besides data and prepare: models per role, labels, optimizers, gate, money, limits. */
export const runConfigSections = {
  ...configSections,
  /** `provider/model` per role; the proposer writes instruction candidates for both optimizers. */
  models: modelsConfigSchema.extend({ proposer: modelName.optional() }).prefault({}),
  labels: z
    .strictObject({
      /** `gold`: the gold model labels the judge set; `sme`: labels come from `file`. */
      source: z.enum(["gold", "sme"]).default("gold"),
      /** SME labels (CSV or JSONL: conversation_id, satisfied, critique), relative to the config file. */
      file: z.string().min(1).optional(),
    })
    .refine((labels) => labels.source !== "sme" || labels.file !== undefined, {
      message: "source sme needs a file",
      path: ["file"],
    })
    .prefault({}),
  stability: z
    .strictObject({
      /** Verdicts per example; at least 2, or nothing can flip. */
      repeats: count(2).default(3),
      /** Judge-validation examples re-judged (the first ones); 0 means all. */
      examples: count(0).default(30),
      temperature: z.number().min(0).max(2).default(0.7),
    })
    .prefault({}),
  optimizer: z
    .strictObject({ judge: optimizerSettingsSchema.prefault({}), generator: optimizerSettingsSchema.prefault({}) })
    .prefault({}),
  gate: z
    .strictObject({
      /** The judge serves as a metric only if its validation kappa's lower CI bound reaches this. */
      kappaLowerThreshold: z.number().min(-1).max(1).default(0.4),
    })
    .prefault({}),
  budget: z
    .strictObject({
      capUsd: z.number().positive().optional(),
      maxCalls: count(1).optional(),
      /**
       * When the run's upper bound is above the cap: true scales the optimizers' sizes and the
       * compare sample down until it fits; otherwise the run is refused before any LM call.
       */
      fitBudget: z.boolean().optional(),
    })
    .prefault({}),
  compare: z
    .strictObject({
      /** Dev-train examples re-scored by the compare stage (default all); the holdout is always whole. */
      trainSample: count(1).optional(),
    })
    .prefault({}),
  limits: z
    .strictObject({
      /** Examples in flight at once in every stage. */
      concurrency: count(1).default(8),
      /** Default limits of every model; `models` overrides them per `provider/model`. */
      rpm: z.number().positive().optional(),
      tpm: z.number().positive().optional(),
      models: z.record(modelName, rateSchema).default({}),
      /** How long one call keeps retrying 429s before its example fails (default 5 minutes). */
      rateLimitDeadlineMs: z.number().int().positive().optional(),
    })
    .prefault({}),
  /**
   * Per-model settings by `provider/model` or glob (`openai/o*`, `*`): maxOutputTokens,
   * timeoutMs, reasoningEffort, thinkingBudget, and capability overrides (temperature: false,
   * structuredOutputs, jsonMode, reasoning) for names the built-in rules do not know.
   */
  modelSettings: modelSettingsMapSchema.default({}),
  /** Price overrides in USD per million tokens, merged over the built-in table. */
  prices: priceOverridesSchema.default({}),
};

/**
 * The whole pipeline config: the data sections plus the run sections, strict at every level.
 *
 * @example
 * runConfigSchema.safeParse({ data: { input: "conversations.jsonl" } }).success; // true
 */
export const runConfigSchema = z.strictObject(runConfigSections);

/** A pipeline config after validation and defaults. */
export type RunConfig = z.infer<typeof runConfigSchema>;
export type OptimizerSettings = z.infer<typeof optimizerSettingsSchema>;

/**
 * Validates a parsed pipeline config. Every problem is named by its key path and reason on one
 * line (`judgeloop.config.json: gate.kappaLowerThreshold: too big; limits.foo: unknown key`), so
 * the CLI can print it as its one-line reason.
 *
 * @example
 * const config = parseRunConfig(JSON.parse(text), "judgeloop.config.json");
 */
export function parseRunConfig(value: unknown, file: string): RunConfig {
  const result = runConfigSchema.safeParse(value);
  if (result.success) return result.data;
  throw new JudgeloopError("bad_config", `bad config ${file}: ${issueLines(result.error.issues).join("; ")}`);
}

/**
 * Each validation issue as `key.path: reason` (unknown keys one line each), for one-line errors.
 *
 * @example
 * issueLines(schema.safeParse(value).error?.issues ?? []).join("; ");
 */
export function issueLines(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `${[...at, key].join(".")}: unknown key`);
    const message = /received undefined$/.test(issue.message) ? "is required" : issue.message;
    // A bad record key (a model name without its provider) says why in its nested issues.
    const reason = issue.code === "invalid_key" ? issue.issues.map((inner) => inner.message).join(", ") : message;
    return [`${at.length === 0 ? "(top level)" : at.join(".")}: ${reason}`];
  });
}

/**
 * Parses config JSON text, then validates it (see parseRunConfig).
 *
 * @example
 * const config = parseRunConfigText(await readFile(file, "utf8"), file);
 */
export function parseRunConfigText(text: string, file: string): RunConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : "unreadable";
    throw new JudgeloopError("bad_config", `bad config ${file}: not valid JSON (${reason})`, { cause: error });
  }
  return parseRunConfig(value, file);
}
