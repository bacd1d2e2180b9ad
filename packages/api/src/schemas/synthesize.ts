import { z } from "@hono/zod-openapi";
import { synthesizeConfigSchema } from "@judgeloop/core";

const seedsSchema = z
  .strictObject({
    rows: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .openapi({ description: "Seed questions as JSON objects: `question`, optional `company` and `id`" }),
    jsonl: z.string().optional().openapi({ description: "The same as JSON Lines text" }),
    csv: z.string().optional().openapi({ description: "The same as CSV text with a header row (a `question` column)" }),
  })
  .superRefine((seeds, ctx) => {
    const given = [seeds.rows, seeds.jsonl, seeds.csv].filter((value) => value !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: "custom", path: ["rows"], message: "give one of `rows`, `jsonl` or `csv`" });
  })
  .openapi("SynthesisSeeds");

const { seeds: _seedsGivenInline, ...synthesisSettings } = synthesizeConfigSchema.shape;

export const synthesizeRequestSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/, "expected 1-100 letters, digits, spaces, '.', '_' or '-'")
      .default("seeds")
      .openapi({ description: "Name of the stored seed dataset", example: "airline-seeds" }),
    seeds: seedsSchema,
    ...synthesisSettings,
    budget: z
      .strictObject({
        capUsd: z.number().positive().finite().openapi({ description: "Dollars the synthesis may commit", example: 1 }),
        maxCalls: z.number().int().positive().optional().openapi({ description: "LM calls it may make" }),
      })
      .openapi({
        description: "Hard caps: the run is refused if its upper bound (n × maxAttempts calls) exceeds them",
      }),
  })
  .openapi("SynthesizeRequest");

export type SynthesizeRequest = z.output<typeof synthesizeRequestSchema>;

export const synthesisStartedSchema = z
  .object({
    run: z.object({ id: z.string(), status: z.string() }).openapi({
      description:
        "The synthesis run: GET /v1/runs/{id} shows its progress; when it has succeeded, `result.synthesized` names the dataset version (id, size, lineage)",
    }),
    seeds: z.object({ id: z.string(), rows: z.number().int() }).openapi({ description: "The stored seed dataset" }),
  })
  .openapi("SynthesisStarted");
