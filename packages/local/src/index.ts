// data files and artifacts
export type { ReadDatasetOptions } from "./data-files.ts";
export { readDatasetSource } from "./data-files.ts";
export { FileArtifactStore } from "./file-artifact-store.ts";

// LM composition root
export type { LMFactory, LMFactoryOptions, ProviderEnv } from "./lm-factory.ts";
/** The process-wide rate limiters every LM factory shares (one per endpoint + model). */
export { createLMFactory, processRateLimiters, providerEnv } from "./lm-factory.ts";

// simulator server
export type { SimRateLimitHeaders, SimServer, SimServerOptions, SimServerStats } from "./sim-server.ts";
export { createSimApp, parseChatRequest, simRateLimitHeaderModes, startSimServer } from "./sim-server.ts";

// runtime: SQLite stores, job queue, worker pool, local workflow driver

// role models and prices live in core; re-exported for the CLI
export type { ModelRole, RoleModels, StoredDataConfig } from "@judgeloop/core";
export {
  hasAnyProvider,
  modelRoles,
  pricesWith,
  requireModelKey,
  resolveRoleModels,
  simulatedRoleModels,
} from "@judgeloop/core";
export { inputFieldsOf, loadExamples, readProgramFile } from "./engine/command-inputs.ts";
export type { CommandLMOptions, CommandLMs } from "./engine/command-lms.ts";
export { openCommandLMs } from "./engine/command-lms.ts";
export { estimatePipeline, planPipelineBudget } from "./engine/estimate.ts";
export type { LocalRunServiceOptions } from "./engine/local-run-service.ts";
export { LocalRunService } from "./engine/local-run-service.ts";
export type { LocalRuntime } from "./engine/local-runtime.ts";
export { openLocalRuntime, runDirectory } from "./engine/local-runtime.ts";
export type { MlflowExport } from "./engine/mlflow-export.ts";
export { exportRunAsMlflow } from "./engine/mlflow-export.ts";
export { optimizeWithDriver } from "./engine/optimize-service.ts";
export type { NewPipelineOptions, PipelineRunOptions } from "./engine/pipeline.ts";
export { engineDepsFor, newRunId, pipelineInput, resumePipeline, startPipeline } from "./engine/pipeline.ts";
export { buildRunReport, listLocalRuns, localRun } from "./engine/run-queries.ts";
export { checkInputFiles, localRunServices } from "./engine/run-services.ts";
export { CheckpointStore } from "./runtime/checkpoints.ts";
export type { JobRetryOptions } from "./runtime/job-retry.ts";
export { jobRetryDelayMs, summarizeJobError } from "./runtime/job-retry.ts";
export type { LocalWorkflowDriverOptions } from "./runtime/local-workflow-driver.ts";
export { LocalWorkflowDriver } from "./runtime/local-workflow-driver.ts";
export type { JobExecutor, JobSettlement, WorkerPoolOptions } from "./runtime/worker-pool.ts";
export { WorkerPool } from "./runtime/worker-pool.ts";
export type { OpenSqliteOptions } from "./sqlite/open-sqlite.ts";
export { databasePathIn, immediateTransaction, openSqlite } from "./sqlite/open-sqlite.ts";
export type { OpenSqliteStoresOptions, SqliteStores } from "./sqlite/open-sqlite-stores.ts";
export { openSqliteStores } from "./sqlite/open-sqlite-stores.ts";
export { SqliteBudgetLedger } from "./sqlite/sqlite-budget-ledger.ts";
export { SqliteCacheStore } from "./sqlite/sqlite-cache-store.ts";
export type { SqliteJobQueueOptions } from "./sqlite/sqlite-job-queue.ts";
export { SqliteJobQueue } from "./sqlite/sqlite-job-queue.ts";
export type { SqliteLabelStoreOptions } from "./sqlite/sqlite-label-store.ts";
export { SqliteLabelStore } from "./sqlite/sqlite-label-store.ts";
export { SqliteRunStore } from "./sqlite/sqlite-run-store.ts";
// tracing: OTLP export when the environment names an endpoint (the SDK loads only then)
export { inCommandSpan } from "./tracing/command-span.ts";
export {
  flushProcessTracing,
  processTracer,
  startProcessTracing,
  stopProcessTracing,
} from "./tracing/process-tracing.ts";
export type { TraceExportConfig } from "./tracing/trace-export-config.ts";
export { endpointOrigin, traceExportConfig } from "./tracing/trace-export-config.ts";
