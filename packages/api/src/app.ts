import { randomUUID } from "node:crypto";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { JudgeloopError } from "@judgeloop/core";
import type { Context, MiddlewareHandler } from "hono";
import { type ApiApp, type ApiDeps, type ApiEnv, type ApiLogEntry, apiContext } from "./api-deps.ts";
import { ApiError, describeFailure, errorBody } from "./api-error.ts";
import { bearerAuth } from "./auth.ts";
import { bodyGuard } from "./body-guard.ts";
import { LabelService } from "./labels.ts";
import { registerDatasetRoutes } from "./routes/datasets.ts";
import { registerLabelRoutes } from "./routes/labels.ts";
import { registerProgramRoutes } from "./routes/programs.ts";
import { registerRunRoutes } from "./routes/runs.ts";
import { registerSynthesizeRoutes } from "./routes/synthesize.ts";
import { validationHook } from "./validation.ts";

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  summary: "Liveness; needs no token",
  security: [],
  responses: {
    200: {
      description: "The server is up",
      content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } },
    },
  },
});

/**
 * The judgeloop HTTP API as one Hono app: `judgeloop serve` runs it on a Node server, the
 * Lambda handler through `hono/aws-lambda`. Every /v1 route needs the bearer token; bodies are
 * size-limited and validated by the zod route definitions, which also generate the OpenAPI 3.1
 * document at /openapi.json. Errors answer `{ error: { code, message, field? } }`.
 *
 * @example
 * const app = createApp({ runStore, artifacts, runs, token: process.env.JUDGELOOP_API_TOKEN ?? "" });
 * const response = await app.request("/v1/runs/run-1", { headers: { authorization: `Bearer ${token}` } });
 */
export function createApp(deps: ApiDeps): ApiApp {
  const context = apiContext(deps);
  const app: ApiApp = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  app.use("*", requestLog(deps.log), securityHeaders());
  app.openapi(healthz, (c) => c.json({ status: "ok" as const }, 200));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "The server's JUDGELOOP_API_TOKEN",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "judgeloop API",
      version: "1",
      description:
        "Upload datasets, synthesize conversations from seed questions, start and watch pipeline runs, read their reports, promote programs.",
    },
  });
  app.use("/v1/*", bearerAuth(deps.token), bodyGuard(context.limits));
  registerDatasetRoutes(app, context);
  registerRunRoutes(app, context);
  registerProgramRoutes(app, context);
  registerSynthesizeRoutes(app, context);
  if (context.labels !== undefined) registerLabelRoutes(app, new LabelService(context.artifacts, context.labels));
  else app.all("/v1/labels/*", noLabelStore).all("/v1/labels", noLabelStore);
  app.notFound((c) => c.json(errorBody("not_found", `no route ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    const { status, body } = describeFailure(error);
    c.set("errorCode", status === 500 ? internalCode(error) : body.error.code);
    return c.json(body, status);
  });
  return app;
}

/** A deployment without a label store (the AWS API today) says so rather than 404. */
function noLabelStore(): never {
  throw new ApiError(501, "not_implemented", "label sets are served by `judgeloop serve` and `judgeloop label --ui`");
}

/** Logs method, path, status, time and error code of each request; never bodies or headers. */
function requestLog(log: ((entry: ApiLogEntry) => void) | undefined): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set("requestId", requestId);
    await next();
    c.res.headers.set("X-Request-Id", requestId);
    if (log === undefined) return;
    const entry: ApiLogEntry = {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    };
    const code = c.get("errorCode") ?? errorCodeOf(c);
    if (code !== undefined) entry.code = code;
    log(entry);
  };
}

function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    c.res.headers.set("Cache-Control", "no-store");
    c.res.headers.set("Referrer-Policy", "no-referrer");
  };
}

/** For the log of a 500: the error's code or class name, never its message (it may hold secrets). */
function internalCode(error: unknown): string {
  if (error instanceof JudgeloopError) return `internal:${error.code}`;
  return `internal:${error instanceof Error ? error.name : typeof error}`;
}

/** Responses made without throwing (404 of an unknown route) still log their code. */
function errorCodeOf(c: Context): string | undefined {
  return c.res.status === 404 ? "not_found" : undefined;
}
