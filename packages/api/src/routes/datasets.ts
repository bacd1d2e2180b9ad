import { createRoute } from "@hono/zod-openapi";
import type { ApiApp, ApiContext } from "../api-deps.ts";
import { datasetView, storeUpload, viewOfVersion } from "../datasets.ts";
import { errorResponses } from "../schemas/common.ts";
import { datasetIdParams, datasetSchema, datasetUploadedSchema, datasetUploadSchema } from "../schemas/datasets.ts";

const security = [{ bearerAuth: [] }];

const uploadDataset = createRoute({
  method: "post",
  path: "/v1/datasets",
  summary: "Upload a dataset as an immutable version",
  description: "Every row is checked before anything is stored; a rejected upload stores nothing.",
  security,
  request: { body: { required: true, content: { "application/json": { schema: datasetUploadSchema } } } },
  responses: {
    201: { description: "Stored", content: { "application/json": { schema: datasetUploadedSchema } } },
    200: {
      description: "This exact version was stored before",
      content: { "application/json": { schema: datasetUploadedSchema } },
    },
    ...errorResponses(413, 415),
  },
});

const getDataset = createRoute({
  method: "get",
  path: "/v1/datasets/{id}",
  summary: "A dataset version's manifest: name, row count, lineage",
  security,
  request: { params: datasetIdParams },
  responses: {
    200: { description: "The dataset", content: { "application/json": { schema: datasetSchema } } },
    ...errorResponses(404),
  },
});

/**
 * POST /v1/datasets and GET /v1/datasets/{id}.
 *
 * @example
 * registerDatasetRoutes(app, context);
 */
export function registerDatasetRoutes(app: ApiApp, context: ApiContext): void {
  app.openapi(uploadDataset, async (c) => {
    const upload = c.req.valid("json");
    const options = { maxRows: context.limits.maxDatasetRows, now: context.now() };
    const { version, written } = await storeUpload(context.artifacts, upload, options);
    c.header("Location", `/v1/datasets/${version.id}`);
    return c.json({ ...viewOfVersion(version), created: written }, written ? 201 : 200);
  });

  app.openapi(getDataset, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await datasetView(context.artifacts, id), 200);
  });
}
