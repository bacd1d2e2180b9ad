/**
 * The report's input contract: every number the run report shows, as one strict JSON document.
 * The pipeline fills it in; `renderReport` only formats it; `summary.json` beside the HTML is
 * this document verbatim.
 */
import { JudgeloopError } from "@judgeloop/core";
import { z } from "zod";
import { checkSummary } from "./summary-checks.ts";
import { failureModesSchema } from "./summary-failure-modes.ts";
import { goldCheckSchema } from "./summary-gold.ts";
import { smeAgreementSchema } from "./summary-sme-agreement.ts";
import {
  agreementReportSchema,
  lengthBiasSchema,
  lengthUnitSchema,
  pairedComparisonSchema,
  stabilityReportSchema,
} from "./summary-stats.ts";

/** The `format` of every RunSummary; a new major version gets a new string. */
export const runSummaryFormat = "judgeloop.run-summary/1";

const count = z.number().int().nonnegative();
const text = z.string().min(1);
const seed = z.union([z.string(), z.number()]);
const modelName = z.string().regex(/^[a-z0-9][a-z0-9-]*\/\S+$/, "expected provider/model, e.g. sim/strong");

/** Tokens, calls and money spent by some part of the run. */
const spendSchema = z.strictObject({
  calls: count,
  inputTokens: count,
  outputTokens: count,
  /** Null when a price is unknown. */
  costUsd: z.number().nonnegative().nullable(),
});

const datasetSchema = z.strictObject({
  /** The dataset's role in the run: `judge-train`, `dev-holdout`, … */
  name: text,
  /** The content-hash id of the dataset version. */
  id: text,
  size: count,
  lineage: z.strictObject({
    parent: text.nullable(),
    transform: text,
    seed: seed.nullable(),
    params: z.record(z.string(), z.unknown()).optional(),
  }),
});

const overviewSchema = z.strictObject({
  runId: text,
  configName: text,
  status: z.enum(["completed", "stopped", "failed", "cancelled", "running"]),
  /** Why the run stopped, failed or was cancelled. */
  statusReason: text.optional(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
  durationMs: z.number().nonnegative().nullable(),
  /** True when any answer came from the simulator; must be true when any model is `sim/*`. */
  simulated: z.boolean(),
  models: z.strictObject({
    generator: modelName,
    judge: modelName,
    /** Null when the gold labels were imported from SMEs. */
    gold: modelName.nullable(),
    proposer: modelName.nullable(),
  }),
  labels: z.strictObject({
    source: z.enum(["sme", "gold-model"]),
    count,
    satisfied: count,
    /** Kappa between SMEs on shared conversations, when the label file named two or more annotators. */
    smeAgreement: smeAgreementSchema.optional(),
  }),
  datasets: z.array(datasetSchema).readonly(),
  spend: spendSchema.extend({ capUsd: z.number().nonnegative().nullable() }),
  /** What `budget.fitBudget` scaled (by config path) so the run's upper bound fit its cap. */
  budgetFit: z
    .strictObject({
      estimate: z.strictObject({ from: z.number(), to: z.number(), unit: z.enum(["usd", "calls"]) }),
      scaled: z.record(z.string(), z.strictObject({ from: z.number(), to: z.number() })),
      headroomUsd: z.number().nonnegative(),
    })
    .optional(),
});

const judgeOnSplitSchema = z.strictObject({ baseline: agreementReportSchema, optimized: agreementReportSchema });

const judgeSchema = z.strictObject({
  train: judgeOnSplitSchema,
  validation: judgeOnSplitSchema,
  stability: z.strictObject({
    program: z.enum(["baseline", "optimized"]),
    split: z.enum(["train", "validation"]),
    /** The sampling temperature of the repeats; null when the provider default was used. */
    temperature: z.number().nonnegative().nullable(),
    /** True when the judge's model takes no temperature: the repeats ran at the provider's fixed one. */
    fixedTemperature: z.boolean().optional(),
    report: stabilityReportSchema,
  }),
  gate: z.strictObject({
    /** The held-out kappa lower bound cleared the threshold. */
    passed: z.boolean(),
    /** `--force` let a judge that did not pass serve as the metric. */
    forced: z.boolean(),
    /** passed || forced: the generator optimization may use this judge. */
    allowed: z.boolean(),
    threshold: z.number().min(-1).max(1),
    kappaLower: z.number().min(-1).max(1).nullable(),
    reason: text,
  }),
});

const trialSchema = z.strictObject({
  index: count,
  kind: z.enum(["minibatch", "full"]),
  /** Examples scored in this trial. */
  n: count,
  score: z.number().min(0).max(1).nullable(),
  instructionIndex: count.nullable(),
  demoSetIndex: count.nullable(),
  /** Best full-evaluation score up to and including this trial. */
  bestSoFar: z.number().min(0).max(1).nullable(),
});

const demoValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string()).readonly()]);

const unit = z.number().min(0).max(1);

/** GEPA runs only: the pool, its frontier, each reflection's feedback → instruction, merges, confirmation. */
const gepaSchema = z.strictObject({
  metricCalls: count,
  maxMetricCalls: count,
  paretoSize: count,
  frontierScore: unit.nullable(),
  candidates: z
    .array(
      z.strictObject({
        id: text,
        origin: z.enum(["baseline", "reflection", "merge"]),
        parents: z.array(text).readonly(),
        score: unit.nullable(),
        leads: count,
        onFrontier: z.boolean(),
        instruction: z.string(),
      }),
    )
    .readonly(),
  reflections: z
    .array(
      z.strictObject({
        iteration: count,
        parent: text,
        predictor: z.string(),
        outcome: text,
        parentScore: z.number().nullable(),
        childScore: z.number().nullable(),
        feedback: z.array(z.string()).readonly(),
        instruction: z.string().nullable(),
        candidate: text.nullable(),
      }),
    )
    .readonly(),
  merges: z
    .array(
      z.strictObject({
        iteration: count,
        parents: z.array(text).readonly(),
        outcome: text,
        candidate: text.nullable(),
      }),
    )
    .readonly(),
  confirm: z.strictObject({ n: count, baselineScore: unit.nullable(), bestScore: unit.nullable() }).nullable(),
  excludedErrors: z.record(z.string(), count),
});

const optimizationSchema = z.strictObject({
  optimizer: text,
  /** What a trial's score measures, in words. */
  metric: text,
  trainSize: count,
  baselineScore: z.number().min(0).max(1).nullable(),
  bestScore: z.number().min(0).max(1).nullable(),
  trials: z.array(trialSchema).readonly(),
  instructions: z
    .array(
      z.strictObject({
        index: count,
        text,
        /** Mean score of the trials that used it; null when none ran. */
        score: z.number().min(0).max(1).nullable(),
        trials: count,
      }),
    )
    .readonly(),
  chosen: z.strictObject({ instructionIndex: count.nullable(), demoSetIndex: count.nullable() }),
  demos: z.array(z.strictObject({ predictor: text, fields: z.record(z.string(), demoValue) })).readonly(),
  gepa: gepaSchema.optional(),
});

const optimizerSchema = z.strictObject({
  judge: optimizationSchema.optional(),
  generator: optimizationSchema.optional(),
});

const lengthsSchema = z.strictObject({
  mean: z.number().nonnegative().nullable(),
  median: z.number().nonnegative().nullable(),
  /** One length per reply, for the distribution chart. */
  values: z.array(z.number().nonnegative()).readonly(),
});

const generatorSchema = z.strictObject({
  /** What "pass" means, in words: e.g. "verdict of the optimized judge (sim/strong)". */
  metric: text,
  train: pairedComparisonSchema,
  holdout: pairedComparisonSchema,
  length: z.strictObject({
    unit: lengthUnitSchema,
    split: z.enum(["train", "holdout"]),
    baseline: lengthsSchema,
    optimized: lengthsSchema,
    /** The judge's verdicts against reply length, over the baseline and optimized replies together. */
    bias: lengthBiasSchema,
  }),
  /** Spend of each program's holdout evaluation (generation and judging). */
  cost: z.strictObject({ baseline: spendSchema, optimized: spendSchema }).nullable(),
  /** The holdout replies scored by gold too; absent when they could not be (`notRun["generator.gold"]`). */
  gold: goldCheckSchema.optional(),
  /** Gold critiques of the failing holdout replies grouped into named modes; absent before the gold check. */
  failureModes: failureModesSchema.optional(),
});

const verdictSchema = z.strictObject({ reply: z.string(), verdict: z.boolean(), critique: z.string().nullable() });

const flipsSchema = z.strictObject({
  /** Flips in the whole run; `examples` may list fewer. */
  total: count,
  examples: z
    .array(
      z.strictObject({
        id: text,
        split: z.enum(["train", "holdout"]),
        direction: z.enum(["fail-to-pass", "pass-to-fail"]),
        transcript: z.string(),
        baseline: verdictSchema,
        optimized: verdictSchema,
      }),
    )
    .readonly(),
});

const messageSchema = z.strictObject({ role: z.enum(["system", "user", "assistant"]), content: z.string() });
const renderedSchema = z.strictObject({ instructions: z.string(), messages: z.array(messageSchema).readonly() });

const promptsSchema = z.strictObject({
  /** The example whose inputs fill the rendered messages. */
  exampleId: text,
  predictors: z
    .array(
      z.strictObject({
        name: text,
        role: z.enum(["generator", "judge"]),
        model: modelName,
        baseline: renderedSchema,
        optimized: renderedSchema,
      }),
    )
    .readonly(),
});

/** Something the run did other than asked, e.g. a requested temperature the provider does not take. */
const warningSchema = z.strictObject({
  code: z.enum(["temperature_dropped"]),
  model: modelName,
  /** The stage that asked, e.g. `judge-eval` for the stability repeats. */
  stage: text,
  requested: z.number().nonnegative(),
  message: text,
});

/** Sections (and optimizer parts) a run may leave out; `notRun` then says why. */
export const optionalParts = [
  "judge",
  "optimizer",
  "optimizer.judge",
  "optimizer.generator",
  "generator",
  "generator.gold",
  "flips",
  "prompts",
] as const;
export type OptionalPart = (typeof optionalParts)[number];

const notRunSchema = z.partialRecord(z.enum(optionalParts), text);

const runSummaryObject = z.strictObject({
  format: z.literal(runSummaryFormat),
  overview: overviewSchema,
  judge: judgeSchema.optional(),
  optimizer: optimizerSchema.optional(),
  generator: generatorSchema.optional(),
  flips: flipsSchema.optional(),
  prompts: promptsSchema.optional(),
  warnings: z.array(warningSchema).readonly().optional(),
  /** Why each absent section did not run, as a clause: "the judge did not pass the gate". */
  notRun: notRunSchema,
});

/**
 * The strict schema of a RunSummary: unknown keys are errors, and the cross-field rules of
 * summary-checks.ts hold (an absent section has a `notRun` reason, flips agree with verdicts, …).
 *
 * @example
 * runSummarySchema.safeParse(JSON.parse(text)).success;
 */
export const runSummarySchema = runSummaryObject.superRefine(checkSummary);

/** Every number the run report shows. See docs/report.md for what the pipeline fills in. */
export type RunSummary = z.infer<typeof runSummaryObject>;
export type RunOverview = RunSummary["overview"];
export type RunWarning = z.infer<typeof warningSchema>;
export type JudgeAlignment = z.infer<typeof judgeSchema>;
export type OptimizerSection = z.infer<typeof optimizerSchema>;
export type OptimizationSummary = z.infer<typeof optimizationSchema>;
export type GeneratorComparison = z.infer<typeof generatorSchema>;
export type FlipsSection = z.infer<typeof flipsSchema>;
export type FlipExample = FlipsSection["examples"][number];
export type PromptsSection = z.infer<typeof promptsSchema>;
export type Spend = z.infer<typeof spendSchema>;

/**
 * Validates a run summary, throwing `bad_summary` with every problem listed by its field path
 * (`judge.gate.threshold: expected number, received string`).
 *
 * @example
 * const summary = parseRunSummary(JSON.parse(await readFile("summary.json", "utf8")));
 */
export function parseRunSummary(value: unknown): RunSummary {
  const result = runSummarySchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`);
  throw new JudgeloopError("bad_summary", `invalid run summary:\n${problems.join("\n")}`);
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(summary)" : path.map(String).join(".");
}
