export type { ApiApp, ApiDeps, ApiEnv, ApiLogEntry } from "./api-deps.ts";
export type { ErrorBody } from "./api-error.ts";
export { ApiError, httpStatusOf } from "./api-error.ts";
export { createApp } from "./app.ts";
export { bearerAuth, minimumTokenLength, tokensMatch } from "./auth.ts";
export type { ApiLimits } from "./body-guard.ts";
export { defaultApiLimits, jsonDepthExceeds } from "./body-guard.ts";
export type { DatasetView } from "./datasets.ts";
export type { ApiServer } from "./node-server.ts";
export { startApiServer } from "./node-server.ts";
export type { RunAdmission } from "./run-admission.ts";
export { countingAdmission } from "./run-admission.ts";
export type {
  ApiRunConfig,
  ProgramVersion,
  ProgramVersions,
  PromoteResult,
  RunBudget,
  RunEstimate,
  RunEstimateOptions,
  RunService,
  StartRunInput,
} from "./run-service.ts";
export { idempotencyRecordId, runIdForKey } from "./start-run.ts";
