import { z } from "@hono/zod-openapi";

/** What a dataset upload is checked against: conversations for the pipeline, or free-form examples. */
export const datasetKinds = ["conversations", "examples", "seeds"] as const;

export const datasetUploadSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/, "expected 1-100 letters, digits, spaces, '.', '_' or '-'")
      .openapi({ example: "airline-support" }),
    kind: z
      .enum(datasetKinds)
      .default("conversations")
      .openapi({
        description:
          "`conversations`: each row needs a unique `conversation_id` and a `conversation` string (`company` optional). " +
          "`examples`: any objects; an `id`, when present, must be unique. " +
          "`seeds`: seed questions for `data.synthesize` (docs/synthesize.md): a non-empty `question` each, `company` and `id` optional, ids unique.",
      }),
    rows: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .openapi({ description: "The rows as JSON objects (give this or `jsonl`)" }),
    jsonl: z.string().optional().openapi({ description: "The rows as JSON Lines text (give this or `rows`)" }),
    map: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .openapi({ description: "Field renames: the name the pipeline expects → the name in the rows" }),
  })
  .superRefine((upload, ctx) => {
    if ((upload.rows === undefined) === (upload.jsonl === undefined)) {
      ctx.addIssue({ code: "custom", path: ["rows"], message: "give either `rows` or `jsonl`, not both or neither" });
    }
  })
  .openapi("DatasetUpload");

export type DatasetUpload = z.output<typeof datasetUploadSchema>;

export const datasetSchema = z
  .object({
    id: z.string().openapi({ description: "sha256 of the rows and their lineage" }),
    name: z.string().nullable(),
    kind: z.string().nullable(),
    rows: z.number().int(),
    createdAt: z.string().nullable(),
    lineage: z.object({
      parent: z.string().nullable(),
      transform: z.string(),
      params: z.record(z.string(), z.unknown()),
      seed: z.union([z.string(), z.number()]).nullable(),
      counts: z.record(z.string(), z.number()),
    }),
  })
  .openapi("Dataset");

export const datasetUploadedSchema = datasetSchema
  .extend({ created: z.boolean().openapi({ description: "false when this exact version was stored before" }) })
  .openapi("DatasetUploaded");

export const datasetIdParams = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{6,64}$/, "expected a dataset id (6 to 64 hex digits)")
    .openapi({ param: { name: "id", in: "path" }, description: "The id or a unique prefix of 6+ digits" }),
});
