import { createRoute } from "@hono/zod-openapi";
import type { ApiApp, ApiContext } from "../api-deps.ts";
import { errorResponses } from "../schemas/common.ts";
import { idempotencyHeaders } from "../schemas/runs.ts";
import { synthesisStartedSchema, synthesizeRequestSchema } from "../schemas/synthesize.ts";
import { startSynthesis } from "../synthesis.ts";

const synthesize = createRoute({
  method: "post",
  path: "/v1/synthesize",
  summary: "Write support conversations from seed questions, as a run that ends with the dataset",
  description:
    "The seeds are checked first (a bad one is a 400 naming it, and nothing is stored), then stored as a dataset of kind `seeds`, and a run starts that writes `n` conversations from them (data.synthesize, docs/synthesize.md) and ends after `prepare`. Its upper bound (n × maxAttempts calls) must fit `budget`. When GET /v1/runs/{id} says `succeeded`, `result.synthesized` is the dataset version (GET /v1/datasets/{id} for its lineage).",
  security: [{ bearerAuth: [] }],
  request: {
    headers: idempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: synthesizeRequestSchema } } },
  },
  responses: {
    201: { description: "Started", content: { "application/json": { schema: synthesisStartedSchema } } },
    200: {
      description: "This Idempotency-Key started it before",
      content: { "application/json": { schema: synthesisStartedSchema } },
    },
    ...errorResponses(409, 413, 415, 422, 429),
  },
});

/**
 * POST /v1/synthesize.
 *
 * @example
 * registerSynthesizeRoutes(app, context);
 */
export function registerSynthesizeRoutes(app: ApiApp, context: ApiContext): void {
  app.openapi(synthesize, async (c) => {
    const request = c.req.valid("json");
    const idempotencyKey = c.req.valid("header")["Idempotency-Key"];
    const { run, created, seeds } = await startSynthesis(context, { idempotencyKey, request });
    c.header("Location", `/v1/runs/${run.id}`);
    const body = { run: { id: run.id, status: run.status }, seeds: { id: seeds.id, rows: seeds.rows.length } };
    return c.json(body, created ? 201 : 200);
  });
}
