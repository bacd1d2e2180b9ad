// The HTTP API: the Hono app (functions/api.ts) behind an API Gateway HTTP API, its only way in.
// No function URL: it would bypass the stage's throttling. Every /v1 route checks the bearer
// token itself (JudgeloopApiToken).

import { functionBundling } from "./bundling.ts";
import { pipelineLink } from "./pipeline.ts";
import { apiPermissions } from "./policies.ts";
import { dataArns, jobQueues, settings } from "./queues.ts";
import { apiToken } from "./secrets.ts";
import { storage } from "./storage.ts";
import { workflow } from "./workflow.ts";

export const apiFunction = new sst.aws.Function("Api", {
  handler: "functions/api.handler",
  timeout: `${settings.apiTimeoutSeconds} seconds`,
  memory: "1024 MB",
  url: false,
  nodejs: functionBundling,
  link: [storage, jobQueues, workflow, pipelineLink, apiToken],
  permissions: apiPermissions(dataArns),
});

/** Throttled at the stage so a burst of requests cannot start runs faster than this. */
export const httpApi = new sst.aws.ApiGatewayV2("HttpApi", {
  transform: { stage: { defaultRouteSettings: { throttlingBurstLimit: 50, throttlingRateLimit: 20 } } },
});

/** Every path and method goes to the one Hono app, which does its own routing. */
export const apiRoute = httpApi.route("$default", apiFunction.arn);
