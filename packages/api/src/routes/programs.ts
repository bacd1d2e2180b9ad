import { createRoute } from "@hono/zod-openapi";
import type { ApiApp, ApiContext } from "../api-deps.ts";
import { ApiError } from "../api-error.ts";
import { errorResponses, programParams } from "../schemas/common.ts";
import { programVersionsSchema, promotedSchema, promoteSchema } from "../schemas/programs.ts";

const security = [{ bearerAuth: [] }];

const listVersions = createRoute({
  method: "get",
  path: "/v1/programs/{name}/versions",
  summary: "The saved versions of a program and which one is the champion",
  security,
  request: { params: programParams },
  responses: {
    200: {
      description: "The versions, oldest first",
      content: { "application/json": { schema: programVersionsSchema } },
    },
    ...errorResponses(404),
  },
});

const promote = createRoute({
  method: "post",
  path: "/v1/programs/{name}/promote",
  summary: "Make a version the program's champion",
  security,
  request: {
    params: programParams,
    body: { required: true, content: { "application/json": { schema: promoteSchema } } },
  },
  responses: {
    200: { description: "Promoted", content: { "application/json": { schema: promotedSchema } } },
    ...errorResponses(404, 413, 415),
  },
});

/**
 * GET /v1/programs/{name}/versions and POST /v1/programs/{name}/promote.
 *
 * @example
 * registerProgramRoutes(app, context);
 */
export function registerProgramRoutes(app: ApiApp, context: ApiContext): void {
  app.openapi(listVersions, async (c) => {
    const { name } = c.req.valid("param");
    const versions = await context.runs.programVersions(name);
    if (versions === null) throw new ApiError(404, "program_not_found", `no program ${name}`);
    return c.json(versions, 200);
  });

  app.openapi(promote, async (c) => {
    const { name } = c.req.valid("param");
    const { version } = c.req.valid("json");
    return c.json(await context.runs.promote(name, version), 200);
  });
}
