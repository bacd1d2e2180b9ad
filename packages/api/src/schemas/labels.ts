import { z } from "@hono/zod-openapi";

/** A label set id as the label store makes them. */
export const labelSetIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "expected a label set id")
  .openapi({ example: "ls-3f2a9c0d1e5b" });

export const annotatorSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$/, "expected 1-64 letters, digits, spaces, '.', '_', '@' or '-'")
  .openapi({ example: "ana" });

const conversationIdSchema = z.string().min(1, "is empty").max(200, "is longer than 200 characters");

export const labelSetParams = z.object({ id: labelSetIdSchema.openapi({ param: { name: "id", in: "path" } }) });
export const labelItemParams = labelSetParams.extend({
  conversationId: conversationIdSchema.openapi({ param: { name: "conversationId", in: "path" } }),
});

export const labelSetSchema = z
  .object({
    id: z.string(),
    datasetId: z.string(),
    createdAt: z.string(),
    origin: z.enum(["ui", "review"]),
    parent: z.string().nullable().openapi({ description: "The set this one was forked from by a review" }),
    corrected: z.array(z.string()).openapi({ description: "Conversations whose label the fork changed" }),
  })
  .openapi("LabelSet");

export const createLabelSetSchema = z
  .strictObject({
    dataset: z
      .string()
      .regex(/^[0-9a-f]{6,64}$/, "expected a dataset id (6 to 64 hex digits)")
      .openapi({ description: "The dataset version to label: its id or a unique prefix" }),
  })
  .openapi("LabelSetCreate");

/** A verdict and its critique; a `satisfied: false` needs a critique (it feeds the failure modes). */
const verdictFields = {
  satisfied: z.boolean(),
  critique: z.string().max(4000, "is longer than 4000 characters").default(""),
};

function critiqueWhenUnsatisfied(
  value: { satisfied: boolean; critique: string },
  ctx: z.RefinementCtx,
  at: (string | number)[],
) {
  if (!value.satisfied && value.critique.trim() === "") {
    ctx.addIssue({ code: "custom", path: [...at, "critique"], message: "is required when satisfied is false" });
  }
}

export const putLabelSchema = z
  .strictObject({ annotator: annotatorSchema, ...verdictFields })
  .superRefine((value, ctx) => critiqueWhenUnsatisfied(value, ctx, []))
  .openapi("LabelPut");

export const smeLabelSchema = z
  .object({
    conversation_id: z.string(),
    annotator: z.string(),
    satisfied: z.boolean(),
    critique: z.string(),
    labelledAt: z.string(),
  })
  .openapi("SmeLabel");

export const annotatorQuery = z.object({
  annotator: annotatorSchema.openapi({ param: { name: "annotator", in: "query" } }),
});

export const optionalAnnotatorQuery = z.object({
  annotator: annotatorSchema.optional().openapi({ param: { name: "annotator", in: "query" } }),
});

export const importLabelsSchema = z
  .strictObject({
    annotator: annotatorSchema,
    format: z.enum(["csv", "jsonl"]),
    text: z
      .string()
      .min(1, "is empty")
      .openapi({ description: "The label file: conversation_id, satisfied, critique" }),
  })
  .openapi("LabelImport");

export const exportQuery = z.object({
  annotator: annotatorSchema.optional().openapi({ param: { name: "annotator", in: "query" } }),
  format: z
    .enum(["csv", "jsonl"])
    .default("jsonl")
    .openapi({ param: { name: "format", in: "query" } }),
});

const judgeVerdictSchema = z.strictObject({
  conversation_id: conversationIdSchema,
  satisfied: z.boolean(),
  critique: z.string().max(4000, "is longer than 4000 characters").default(""),
});

export const putVerdictsSchema = z
  .strictObject({
    judge: z.string().min(1, "is empty").max(200, "is longer than 200 characters").openapi({ example: "sim/strong" }),
    verdicts: z.array(judgeVerdictSchema).min(1, "is empty").max(20_000, "has more than 20000 verdicts"),
  })
  .openapi("JudgeVerdicts");

export const correctionsSchema = z
  .strictObject({
    annotator: annotatorSchema,
    corrections: z
      .array(z.strictObject({ conversation_id: conversationIdSchema, ...verdictFields }))
      .min(1, "is empty")
      .max(20_000, "has more than 20000 corrections"),
  })
  .superRefine((value, ctx) => {
    for (const [index, c] of value.corrections.entries()) critiqueWhenUnsatisfied(c, ctx, ["corrections", index]);
  })
  .openapi("LabelCorrections");

const itemSchema = z
  .object({
    conversation_id: z.string(),
    context: z.string().openapi({ description: "The conversation before the reply to judge" }),
    reply: z.string().openapi({ description: "The reply the label is about (the last Support turn)" }),
  })
  .openapi("LabelItem");

export const labelSetDetailSchema = z
  .object({
    labelSet: labelSetSchema,
    items: z.array(itemSchema),
    labels: z.array(smeLabelSchema),
    judges: z.array(z.string()).openapi({ description: "Judges with stored verdicts; the first is the gate's" }),
  })
  .openapi("LabelSetDetail");

const intervalSchema = z.object({ lower: z.number(), upper: z.number() }).nullable();

export const queueSchema = z
  .object({
    total: z.number().int(),
    labelled: z.number().int(),
    next: z.array(z.string()).openapi({ description: "Unlabelled conversation ids, the one to label next first" }),
    ordering: z.enum(["active", "dataset"]),
    gate: z.object({
      judge: z.string().nullable(),
      n: z.number().int(),
      effectiveN: z.number().openapi({
        description:
          "Kish's effective number of labels behind the weighted kappa, (Σw)²/Σw²; n when every weight is equal",
      }),
      weighted: z.boolean().openapi({
        description: "Whether kappa weighs each label by 1/its inclusion probability under the queue's sampling order",
      }),
      kappa: z.number().nullable(),
      interval: intervalSchema,
      threshold: z.number(),
      verdict: z.enum(["passes", "fails"]),
      moreLabels: z.number().int().nullable(),
      message: z.string(),
    }),
  })
  .openapi("LabelQueue");

export const agreementSchema = z
  .object({
    pairs: z.array(
      z.object({
        annotators: z.tuple([z.string(), z.string()]),
        shared: z.number().int(),
        agreed: z.number().int(),
        kappa: z.number().nullable(),
        interval: intervalSchema,
        reason: z.string().optional(),
      }),
    ),
  })
  .openapi("AnnotatorAgreement");

export const disagreementsSchema = z
  .object({
    judge: z.string().nullable(),
    annotator: z.string(),
    compared: z.number().int().openapi({ description: "Conversations with both a label and a verdict" }),
    items: z.array(
      itemSchema.extend({
        sme: z.object({ satisfied: z.boolean(), critique: z.string() }),
        judge: z.object({ satisfied: z.boolean(), critique: z.string() }),
      }),
    ),
  })
  .openapi("Disagreements");
