import { createRoute, z } from "@hono/zod-openapi";
import { isTerminalRunStatus, type RunRecord } from "@judgeloop/core";
import type { ApiApp, ApiContext } from "../api-deps.ts";
import { ApiError } from "../api-error.ts";
import { listRunPage } from "../run-listing.ts";
import { errorResponses, runIdParams } from "../schemas/common.ts";
import {
  idempotencyHeaders,
  runCreateSchema,
  runListQuery,
  runListSchema,
  runSchema,
  trialsQuery,
  trialsSchema,
} from "../schemas/runs.ts";
import { startRunOnce } from "../start-run.ts";

const security = [{ bearerAuth: [] }];
const runJson = { "application/json": { schema: runSchema } };

const createRun = createRoute({
  method: "post",
  path: "/v1/runs",
  summary: "Start a pipeline run on an uploaded dataset",
  description:
    "Idempotent per Idempotency-Key. Refused with nothing stored: 400 `estimate_exceeds_cap` (with the estimate " +
    "per stage and the cap) when the run's upper bound exceeds its cap and `budget.fitBudget` is not set or cannot " +
    "make it fit; 422 when its cap exceeds the server's ceiling or its dataset does not exist; 429 when too many " +
    "runs are active.",
  security,
  request: {
    headers: idempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: runCreateSchema } } },
  },
  responses: {
    201: { description: "Started", content: runJson },
    200: { description: "Started before with this Idempotency-Key and body", content: runJson },
    ...errorResponses(409, 413, 415, 422, 429),
  },
});

const listRuns = createRoute({
  method: "get",
  path: "/v1/runs",
  summary: "Runs, newest first, a page at a time",
  description: "Pages follow `nextCursor`; runs started between two requests never shift a page.",
  security,
  request: { query: runListQuery },
  responses: { 200: { description: "One page of runs", content: { "application/json": { schema: runListSchema } } } },
});

const getRun = createRoute({
  method: "get",
  path: "/v1/runs/{id}",
  summary: "A run: status, stages, progress, spend against its cap, errors, result",
  security,
  request: { params: runIdParams },
  responses: { 200: { description: "The run", content: runJson }, ...errorResponses(404) },
});

const getTrials = createRoute({
  method: "get",
  path: "/v1/runs/{id}/trials",
  summary: "The optimizer trials of a run, by stage then index",
  security,
  request: { params: runIdParams, query: trialsQuery },
  responses: {
    200: { description: "The trials", content: { "application/json": { schema: trialsSchema } } },
    ...errorResponses(404),
  },
});

const cancelRun = createRoute({
  method: "post",
  path: "/v1/runs/{id}/cancel",
  summary: "Ask a run to stop; it ends as cancelled and keeps what it made",
  security,
  request: { params: runIdParams },
  responses: {
    202: { description: "Cancellation requested", content: runJson },
    200: { description: "Already cancelled", content: runJson },
    ...errorResponses(404, 409),
  },
});

const getReport = createRoute({
  method: "get",
  path: "/v1/runs/{id}/report",
  summary: "The run's self-contained HTML report",
  security,
  request: { params: runIdParams },
  responses: {
    200: { description: "The report", content: { "text/html": { schema: z.string() } } },
    ...errorResponses(404, 409),
  },
});

/** The report is a document of its own: it may run its inline script and nothing else. */
const reportPolicy =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * POST and GET /v1/runs and the routes under /v1/runs/{id}.
 *
 * @example
 * registerRunRoutes(app, context);
 */
export function registerRunRoutes(app: ApiApp, context: ApiContext): void {
  app.openapi(createRun, async (c) => {
    const { config, budget } = c.req.valid("json");
    const idempotencyKey = c.req.valid("header")["Idempotency-Key"];
    const { run, created } = await startRunOnce(context, { idempotencyKey, config, budget });
    c.header("Location", `/v1/runs/${run.id}`);
    return c.json(run, created ? 201 : 200);
  });

  app.openapi(listRuns, async (c) => c.json(await listRunPage(context.runStore, c.req.valid("query")), 200));

  app.openapi(getRun, async (c) => c.json(await existingRun(context, c.req.valid("param").id), 200));

  app.openapi(getTrials, async (c) => {
    const { id } = c.req.valid("param");
    const { stage } = c.req.valid("query");
    await existingRun(context, id);
    const trials = await context.runStore.listTrials(id, stage === undefined ? {} : { stage });
    return c.json({ runId: id, trials }, 200);
  });

  app.openapi(cancelRun, async (c) => {
    const run = await existingRun(context, c.req.valid("param").id);
    if (run.status === "cancelled") return c.json(run, 200);
    if (isTerminalRunStatus(run.status)) {
      throw new ApiError(409, "run_finished", `run ${run.id} has already ended (${run.status})`);
    }
    await context.runs.cancel(run.id);
    return c.json(await existingRun(context, run.id), 202);
  });

  app.openapi(getReport, async (c) => {
    const run = await existingRun(context, c.req.valid("param").id);
    const html = await context.runs.report(run.id);
    if (html === undefined) {
      if (!isTerminalRunStatus(run.status)) {
        throw new ApiError(409, "report_not_ready", `run ${run.id} is ${run.status}; its report comes when it ends`);
      }
      throw new ApiError(404, "report_not_found", `run ${run.id} ended (${run.status}) without a report`);
    }
    c.header("Content-Security-Policy", reportPolicy);
    return c.html(html, 200);
  });
}

async function existingRun(context: ApiContext, runId: string): Promise<RunRecord> {
  const run = await context.runStore.getRun(runId);
  if (run === null) throw new ApiError(404, "run_not_found", `no run ${runId}`);
  return run;
}
