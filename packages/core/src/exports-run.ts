/**
 * Public exports of @judgeloop/core: running the pipeline (the run engine, stage jobs, the simulator, tracing).
 * index.ts gathers this file with the other phases.
 */
// the run engine
export {
  optimizerSettingsSchema,
  parseRunConfig,
  parseRunConfigText,
  priceOverridesSchema,
  runConfigSchema,
  runConfigSections,
} from "./run/run-config.ts";
export type { RunEngineDeps, RunOutcome } from "./run/run-engine.ts";
export { createPipelineRun, executeRun, pipelineInputOf } from "./run/run-engine.ts";
export type { RunEvent, RunEventSink } from "./run/run-events.ts";
export type { RunInput, RunModels } from "./run/run-input.ts";
export { isSimulatedRun, runInputFormat } from "./run/run-input.ts";
export type { MeterReading } from "./run/run-meter.ts";
export { meterCounters, readMeter, withRunMeter } from "./run/run-meter.ts";
export type {
  OptimizationMetricSpec,
  OptimizationRequest,
  RunServices,
  RunStop,
  StageContext,
  StageJobsRequest,
} from "./run/stage-context.ts";
export { RunStopped, RunSuspended, requireOutput, StageJobsPending } from "./run/stage-context.ts";
export { transcriptColumn, withReplies } from "./run/stage-generate.ts";
// Stage jobs: one job per example of a stage pass, run by the local queue or the SQS workers.
export type {
  StageJob,
  StageJobCounts,
  StageJobResult,
  StagePass,
  StagePassMetric,
  StagePassProgram,
  StageRound,
} from "./run/stage-jobs.ts";
export {
  countStageJob,
  fannedOutStages,
  isStageJob,
  loadStagePass,
  readStageJobCounts,
  runStageJob,
  stageJobCounters,
  stagePassKeys,
  stageRoundStep,
} from "./run/stage-jobs.ts";
export { runStageJobsInProcess } from "./run/stage-jobs-in-process.ts";
export type { StageOutputs } from "./run/stage-outputs.ts";
export { stageOutputKey } from "./run/stage-outputs.ts";
export { summaryOf } from "./run/stage-report.ts";
export type { StageName } from "./run/stages.ts";
export { gatedStages, isStageName, stageNames, stageTitles } from "./run/stages.ts";
export type { StoredDataConfig, StoredDataRunEstimate } from "./run/stored-data-run.ts";
export { estimateStoredDataRun, planStoredDataRun, storedDataRunInput } from "./run/stored-data-run.ts";
export { storedOutputs, summaryOfStoredRun } from "./run/stored-run.ts";
export type {
  FailureModeData,
  FailureModesData,
  GoldCheckData,
  GoldDisagreementData,
  GoldVerdictData,
  RunSummaryData,
  VerdictData,
} from "./run/summary-types.ts";
export type { Field, FieldSpec, FieldType } from "./signature/field.ts";
export { enumType, jsonType } from "./signature/field.ts";
export type { FieldRole, SignatureSpec, SignatureState } from "./signature/signature.ts";
export { defaultInstructions, Signature } from "./signature/signature.ts";
export type { SimFaultKind, SimFaults } from "./sim/faults.ts";
export { noFaults, parseFaultSpec } from "./sim/faults.ts";
export { criterionStances } from "./sim/instruction-reading.ts";
export type { SimModelProfile } from "./sim/model-profile.ts";
export { simModelProfile } from "./sim/model-profile.ts";
export { SimRateLimit } from "./sim/rate-limit.ts";
export type { CriterionId } from "./sim/reply-checks.ts";
export type { SimCompletion, SimLMOptions } from "./sim/sim-lm.ts";
// simulator
export { SimLM, simulateCompletion, simWorldOf } from "./sim/sim-lm.ts";
export type { SimWorld } from "./sim/sim-world.ts";
export { simWorld, simWorldNames, simWorlds } from "./sim/sim-worlds.ts";
export type { Criterion, CriterionCheck, SimulatedTruth } from "./sim/world.ts";
export {
  assessReply,
  conciseBand,
  criteria,
  criteriaNamedIn,
  criterionWeights,
  passThreshold,
  simulatedTruth,
} from "./sim/world.ts";
// tracing: the port the OpenTelemetry adapter (in @judgeloop/local) implements
export { withLMTracing } from "./tracing/lm-tracing.ts";
export { genAi, judgeloopAttributes, providerOf } from "./tracing/span-attributes.ts";
export type { SpanAttributes, SpanAttributeValue, StartSpanOptions, Tracer, TraceSpan } from "./tracing/tracer.ts";
export { errorTypeOf, inSpan, noopTracer } from "./tracing/tracer.ts";
export { TrialSpans } from "./tracing/trial-spans.ts";
export { canonicalJson, contentHash } from "./util/canonical-json.ts";
export type { RandomState } from "./util/random.ts";
export { Random } from "./util/random.ts";
