import { z } from "@hono/zod-openapi";
import { runConfigSections, synthesizeConfigSchema } from "@judgeloop/core";
import type { ApiRunConfig } from "../run-service.ts";
import { datasetIdSchema } from "./common.ts";

/**
 * The pipeline config of `judgeloop.config.json` (every section, as strict as the file), with
 * `data` and `labels.file` naming uploaded datasets instead of paths on the server, and the
 * caps given beside it as `budget`.
 */
const { budget: _budgetGivenBesideTheConfig, ...runSections } = runConfigSections;

export const runConfigSchema = z
  .strictObject({
    ...runSections,
    data: z.strictObject({
      dataset: datasetIdSchema.openapi({
        description:
          "The id returned by POST /v1/datasets: the conversations, or with `synthesize` the seed questions (kind `seeds`)",
      }),
      synthesize: synthesizeConfigSchema.omit({ seeds: true }).optional().openapi({
        description:
          "Write the run's conversations from the seed questions in `dataset` first (docs/synthesize.md): n, model, turns, seed, company, languages, maxAttempts",
      }),
    }),
    labels: z
      .strictObject({
        source: z.enum(["gold", "sme"]).default("gold"),
        file: z
          .string()
          .regex(/^dataset:[0-9a-f]{64}$/, "expected dataset:<id> of labels uploaded with POST /v1/datasets")
          .optional(),
      })
      .refine((labels) => labels.source !== "sme" || labels.file !== undefined, {
        message: "source sme needs a file",
        path: ["file"],
      })
      .prefault({})
      .openapi({ description: "`gold`: the gold model labels the judge set; `sme`: the uploaded labels in `file`" }),
  })
  .openapi("RunConfig");

// The schema's output must be what RunService implementations take.
const configMatchesService: (config: z.output<typeof runConfigSchema>) => ApiRunConfig = (config) => config;
void configMatchesService;

export const budgetSchema = z
  .strictObject({
    capUsd: z
      .number()
      .positive()
      .finite()
      .openapi({ description: "Dollars the run may commit; it stops cleanly before passing them", example: 2 }),
    maxCalls: z.number().int().positive().optional().openapi({ description: "LM calls the run may make" }),
    fitBudget: z.boolean().optional().openapi({
      description:
        "When the run's upper bound is above the cap: true scales the optimizers' sizes (trials, candidates, minibatch) and the compare sample down until it fits (recorded in the summary's overview.budgetFit); otherwise the run is refused with 400",
    }),
  })
  .openapi("RunBudget");

export const runCreateSchema = z.strictObject({ config: runConfigSchema, budget: budgetSchema }).openapi("RunCreate");

export const idempotencyHeaders = z.object({
  "Idempotency-Key": z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, "expected 1-255 visible ASCII characters")
    .openapi({
      param: { name: "Idempotency-Key", in: "header" },
      description: "Repeating a request with the same key returns the same run; a different body gets 409",
      example: "nightly-2025-06-01",
    }),
});

const progressSchema = z.object({ done: z.number(), total: z.number(), unit: z.string().optional() });

const stageSchema = z.object({
  status: z.enum(["pending", "running", "succeeded", "skipped", "failed"]),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  progress: progressSchema.optional(),
  message: z.string().optional(),
  output: z.unknown().optional(),
});

export const runSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.enum(["queued", "running", "succeeded", "stopped", "failed", "cancelled"]),
    createdAt: z.string(),
    updatedAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    input: z.unknown(),
    stages: z.record(z.string(), stageSchema),
    progress: progressSchema.optional(),
    spend: z.object({
      spentUsd: z.number(),
      calls: z.number(),
      capUsd: z.number().optional(),
      maxCalls: z.number().optional(),
    }),
    errors: z.array(
      z.object({
        at: z.string(),
        code: z.string(),
        message: z.string(),
        stage: z.string().optional(),
        jobId: z.string().optional(),
      }),
    ),
    result: z.unknown().optional(),
  })
  .openapi("Run");

export const trialsSchema = z
  .object({
    runId: z.string(),
    trials: z.array(
      z.object({
        stage: z.string(),
        index: z.number().int(),
        score: z.number().nullable(),
        candidate: z.unknown(),
        detail: z.unknown().optional(),
      }),
    ),
  })
  .openapi("Trials");

export const trialsQuery = z.object({
  stage: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:=#@+-]{0,199}$/, "expected a stage name")
    .optional()
    .openapi({ param: { name: "stage", in: "query" }, description: "Only the trials of this stage" }),
});

const runStatuses = ["queued", "running", "succeeded", "stopped", "failed", "cancelled"] as const;

export const runListQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: "limit", in: "query" }, description: "Runs per page (1-100, default 20)" }),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,600}$/, "expected the nextCursor of an earlier page")
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "The `nextCursor` of the previous page" }),
  status: z
    .enum(runStatuses)
    .optional()
    .openapi({ param: { name: "status", in: "query" }, description: "Only runs with this status" }),
});

export const runListSchema = z
  .object({
    runs: z.array(runSchema),
    nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last" }),
  })
  .openapi("RunList");
