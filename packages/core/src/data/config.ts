import { z } from "zod";
import { JudgeloopError } from "../errors.ts";

const seed = z.union([z.number().int(), z.string().min(1)]);

const splitSize = z
  .number()
  .refine((n) => n >= 0 && (Number.isInteger(n) || n < 1), "expected a row count or a fraction between 0 and 1");

const modelName = z.string().regex(/^[a-z0-9][a-z0-9-]*\/\S+$/, "expected provider/model, e.g. openai/gpt-4o-mini");

const turnRange = z
  .strictObject({ min: z.number().int().min(1).max(40), max: z.number().int().min(1).max(40) })
  .refine((range) => range.min <= range.max, { message: "min is above max", path: ["min"] });

/**
 * `data.synthesize`: the pipeline writes its conversations from seed questions first (see
 * docs/synthesize.md); `seeds` is relative to the config file, like `input`.
 */
export const synthesizeConfigSchema = z.strictObject({
  seeds: z.string().min(1),
  n: z.number().int().min(1),
  /** Default: the generator's model. */
  model: modelName.optional(),
  turns: turnRange.default({ min: 2, max: 6 }),
  seed: seed.default(0),
  /** For seeds without a company column. */
  company: z.string().min(1).optional(),
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/, "expected an ISO 639-1 code"))
    .min(1)
    .default(["en"]),
  maxAttempts: z.number().int().min(1).max(10).default(3),
});

/**
 * Where the conversations come from: a file (`input`, relative to the config file), or seed
 * questions the pipeline synthesizes them from (`synthesize`). Exactly one of the two.
 */
export const dataConfigSchema = z
  .strictObject({
    input: z.string().min(1).optional(),
    synthesize: synthesizeConfigSchema.optional(),
    format: z.enum(["jsonl", "csv", "arrow"]).optional(),
    /** For a saved DatasetDict: which split directory to read. */
    split: z.string().min(1).optional(),
    /** pipeline field → column in the file (`--map`). */
    map: z.record(z.string(), z.string()).prefault({}),
  })
  .superRefine((data, ctx) => {
    if (data.input === undefined && data.synthesize === undefined) {
      ctx.addIssue({ code: "custom", path: ["input"], message: "is required" });
    }
    if (data.input !== undefined && data.synthesize !== undefined) {
      ctx.addIssue({ code: "custom", path: ["synthesize"], message: "give data.input or data.synthesize, not both" });
    }
  });

/** The preparation steps; `seed` is the default for every seeded step without its own. */
export const prepareConfigSchema = z.strictObject({
  seed: seed.default(0),
  languages: z
    .union([z.array(z.string().regex(/^[a-z]{2}$/, "expected an ISO 639-1 code")).min(1), z.literal("any")])
    .default(["en"]),
  truncation: z
    .strictObject({
      seed: seed.optional(),
      minTurns: z.number().int().min(1).default(1),
      ensureCustomerLast: z.boolean().default(true),
    })
    .prefault({}),
  /** Absent: keep every row. */
  sample: z.strictObject({ size: splitSize, seed: seed.optional() }).optional(),
  splits: z
    .strictObject({
      seed: seed.optional(),
      judgeSet: splitSize.default(0.4),
      judgeValidation: splitSize.default(0.3),
      devHoldout: splitSize.default(0.2),
    })
    .prefault({}),
});

/** `provider/model` per role. Without provider keys the pipeline falls back to `sim/*`. */
export const modelsConfigSchema = z.strictObject({
  generator: modelName.optional(),
  judge: modelName.optional(),
  gold: modelName.optional(),
});

/**
 * The top-level sections. Later sections (optimizer, budget, gate) are added here; every level
 * is strict so a misspelt key is an error instead of a silently ignored setting.
 */
export const configSections = {
  name: z.string().min(1).optional(),
  data: dataConfigSchema,
  prepare: prepareConfigSchema.prefault({}),
  models: modelsConfigSchema.prefault({}),
};

/**
 * The whole `judgeloop.config.json`; parse it with parseConfig for messages that name the key.
 *
 * @example
 * judgeloopConfigSchema.safeParse({ data: { input: "conversations.jsonl" } }).success; // true
 */
export const judgeloopConfigSchema = z.strictObject(configSections);

export type JudgeloopConfig = z.infer<typeof judgeloopConfigSchema>;
export type PrepareConfig = z.infer<typeof prepareConfigSchema>;
export type SynthesizeConfig = z.infer<typeof synthesizeConfigSchema>;

/**
 * Validates a parsed config. Every problem is listed with its key path (`prepare.sample.size:
 * expected a number`), unknown keys included.
 *
 * @example
 * const config = parseConfig(JSON.parse(text), "judgeloop.config.json");
 */
export function parseConfig(value: unknown, file: string): JudgeloopConfig {
  const result = judgeloopConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.flatMap((issue) => {
    const at = issue.path.map(keyName);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `  ${[...at, keyName(key)].join(".")}: unknown key`);
    }
    const message = /received undefined$/.test(issue.message) ? "is required" : issue.message;
    return [`  ${at.length === 0 ? "(top level)" : at.join(".")}: ${message}`];
  });
  throw new JudgeloopError("bad_config", `${file} is not a valid judgeloop config:\n${lines.join("\n")}`);
}

/** A key as written in a path: quoted when empty or unusual, so every message line stays one readable path. */
function keyName(key: PropertyKey): string {
  const text = String(key);
  return /^[\w-]+$/.test(text) ? text : quoted(text);
}

// JSON.stringify leaves U+2028/U+2029 raw, and some terminals break the line there.
function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/**
 * Parses config JSON text, then validates it (see parseConfig).
 *
 * @example
 * const config = parseConfigText(text, "examples/airline-support/judgeloop.config.json");
 */
export function parseConfigText(text: string, file: string): JudgeloopConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JudgeloopError("bad_config", `${file} is not valid JSON`, { cause: error });
  }
  return parseConfig(value, file);
}

/**
 * The config's `data.input`, for code that reads conversations from a file or stored dataset; a
 * config that synthesizes them (`data.synthesize`) has none, which is a clear error here.
 *
 * @example
 * const path = dataInputOf(config.data, "judgeloop prepare");
 */
export function dataInputOf(data: { input?: string | undefined; synthesize?: unknown }, reader: string): string {
  if (data.input !== undefined) return data.input;
  throw new JudgeloopError(
    "bad_config",
    `${reader} reads data.input, but this config synthesizes its conversations (data.synthesize): run it with \`judgeloop pipeline\`, or write them first with \`judgeloop synthesize\``,
  );
}
