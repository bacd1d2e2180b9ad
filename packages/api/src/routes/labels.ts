import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../api-deps.ts";
import type { LabelService } from "../labels.ts";
import { errorResponses } from "../schemas/common.ts";
import {
  agreementSchema,
  annotatorQuery,
  correctionsSchema,
  createLabelSetSchema,
  disagreementsSchema,
  exportQuery,
  importLabelsSchema,
  labelItemParams,
  labelSetDetailSchema,
  labelSetParams,
  labelSetSchema,
  optionalAnnotatorQuery,
  putLabelSchema,
  putVerdictsSchema,
  queueSchema,
  smeLabelSchema,
} from "../schemas/labels.ts";

const security = [{ bearerAuth: [] }];
const tags = ["labels"];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});

const createSet = createRoute({
  method: "post",
  path: "/v1/labels",
  summary: "Start a label set for a dataset",
  tags,
  security,
  request: body(createLabelSetSchema),
  responses: { 201: json(labelSetSchema, "Created"), ...errorResponses(404) },
});

const listSets = createRoute({
  method: "get",
  path: "/v1/labels",
  summary: "Label sets, newest first",
  tags,
  security,
  request: {
    query: z.object({
      dataset: z
        .string()
        .regex(/^[0-9a-f]{6,64}$/, "expected a dataset id (6 to 64 hex digits)")
        .optional()
        .openapi({ param: { name: "dataset", in: "query" } }),
    }),
  },
  responses: { 200: json(z.object({ labelSets: z.array(labelSetSchema) }), "The sets"), ...errorResponses(404) },
});

const getSet = createRoute({
  method: "get",
  path: "/v1/labels/{id}",
  summary: "A label set: its conversations (reply to judge apart), every annotator's labels, its judges",
  tags,
  security,
  request: { params: labelSetParams },
  responses: { 200: json(labelSetDetailSchema, "The set"), ...errorResponses(404) },
});

const putLabel = createRoute({
  method: "put",
  path: "/v1/labels/{id}/items/{conversationId}",
  summary: "Give (or replace) one annotator's label; stored before the answer",
  description: "`critique` is required when `satisfied` is false.",
  tags,
  security,
  request: { params: labelItemParams, ...body(putLabelSchema) },
  responses: { 200: json(smeLabelSchema, "Stored"), ...errorResponses(404) },
});

const deleteLabel = createRoute({
  method: "delete",
  path: "/v1/labels/{id}/items/{conversationId}",
  summary: "Remove one annotator's label (undo)",
  tags,
  security,
  request: { params: labelItemParams, query: annotatorQuery },
  responses: { 200: json(z.object({ deleted: z.boolean() }), "Removed, or there was none"), ...errorResponses(404) },
});

const importLabels = createRoute({
  method: "post",
  path: "/v1/labels/{id}/import",
  summary: "Import a CSV/JSONL label file as one annotator's labels: all of it or nothing",
  description: "A file whose ids belong to another dataset is refused.",
  tags,
  security,
  request: { params: labelSetParams, ...body(importLabelsSchema) },
  responses: { 201: json(z.object({ imported: z.number().int() }), "Imported"), ...errorResponses(404) },
});

const exportLabels = createRoute({
  method: "get",
  path: "/v1/labels/{id}/export",
  summary: "One annotator's labels in the file shape `judgeloop label --sme` reads",
  tags,
  security,
  request: { params: labelSetParams, query: exportQuery },
  responses: {
    200: {
      description: "The label file",
      content: { "text/csv": { schema: z.string() }, "application/x-ndjson": { schema: z.string() } },
    },
    ...errorResponses(404),
  },
});

const putVerdicts = createRoute({
  method: "put",
  path: "/v1/labels/{id}/verdicts",
  summary: "Store a judge's verdicts on the set's conversations (queue ordering, live kappa, review)",
  tags,
  security,
  request: { params: labelSetParams, ...body(putVerdictsSchema) },
  responses: {
    200: json(z.object({ judge: z.string(), stored: z.number().int() }), "Stored"),
    ...errorResponses(404),
  },
});

const getQueue = createRoute({
  method: "get",
  path: "/v1/labels/{id}/queue",
  summary: "What to label next, the live kappa interval and the gate verdict it implies",
  tags,
  security,
  request: { params: labelSetParams, query: optionalAnnotatorQuery },
  responses: { 200: json(queueSchema, "The queue"), ...errorResponses(404) },
});

const getAgreement = createRoute({
  method: "get",
  path: "/v1/labels/{id}/agreement",
  summary: "Cohen's kappa between each pair of annotators on their shared items, with a bootstrap interval",
  tags,
  security,
  request: { params: labelSetParams },
  responses: { 200: json(agreementSchema, "Agreement"), ...errorResponses(404) },
});

const getDisagreements = createRoute({
  method: "get",
  path: "/v1/labels/{id}/disagreements",
  summary: "Conversations where the gate judge and the annotator disagree, with the judge's critique",
  tags,
  security,
  request: { params: labelSetParams, query: annotatorQuery },
  responses: { 200: json(disagreementsSchema, "Disagreements"), ...errorResponses(404) },
});

const postCorrections = createRoute({
  method: "post",
  path: "/v1/labels/{id}/versions",
  summary: "Correct labels: a new label set forked from this one, with lineage",
  tags,
  security,
  request: { params: labelSetParams, ...body(correctionsSchema) },
  responses: { 201: json(labelSetSchema, "The new version"), ...errorResponses(404) },
});

/**
 * The /v1/labels routes: label sets, labels given one at a time, imports and exports, judge
 * verdicts, the active queue, SME agreement and the disagreement review.
 *
 * @example
 * registerLabelRoutes(app, new LabelService(artifacts, labelStore));
 */
export function registerLabelRoutes(app: ApiApp, labels: LabelService): void {
  app.openapi(createSet, async (c) => {
    const set = await labels.createSet(c.req.valid("json").dataset);
    c.header("Location", `/v1/labels/${set.id}`);
    return c.json(set, 201);
  });
  app.openapi(listSets, async (c) => c.json({ labelSets: await labels.listSets(c.req.valid("query").dataset) }, 200));
  app.openapi(getSet, async (c) => c.json(await labels.detail(c.req.valid("param").id), 200));
  app.openapi(putLabel, async (c) => {
    const { id, conversationId } = c.req.valid("param");
    return c.json(await labels.putLabel(id, conversationId, c.req.valid("json")), 200);
  });
  app.openapi(deleteLabel, async (c) => {
    const { id, conversationId } = c.req.valid("param");
    const deleted = await labels.deleteLabel(id, conversationId, c.req.valid("query").annotator);
    return c.json({ deleted }, 200);
  });
  app.openapi(importLabels, async (c) =>
    c.json(await labels.importFile(c.req.valid("param").id, c.req.valid("json")), 201),
  );
  app.openapi(exportLabels, async (c) => {
    const { format, annotator } = c.req.valid("query");
    const text = await labels.exportFile(c.req.valid("param").id, format, annotator);
    c.header("Content-Type", format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
    return c.body(text, 200);
  });
  app.openapi(putVerdicts, async (c) => {
    const { judge, verdicts } = c.req.valid("json");
    return c.json(await labels.putVerdicts(c.req.valid("param").id, judge, verdicts), 200);
  });
  app.openapi(getQueue, async (c) =>
    c.json(await labels.queue(c.req.valid("param").id, c.req.valid("query").annotator), 200),
  );
  app.openapi(getAgreement, async (c) => c.json(await labels.agreement(c.req.valid("param").id), 200));
  app.openapi(getDisagreements, async (c) =>
    c.json(await labels.disagreements(c.req.valid("param").id, c.req.valid("query").annotator), 200),
  );
  app.openapi(postCorrections, async (c) => {
    const { annotator, corrections } = c.req.valid("json");
    const set = await labels.correct(c.req.valid("param").id, annotator, corrections);
    c.header("Location", `/v1/labels/${set.id}`);
    return c.json(set, 201);
  });
}
