/**
 * Public exports of @judgeloop/core: improving programs (nightly upgrades, optimizers, ports, prices).
 * index.ts gathers this file with the other phases.
 */
// nightly model upgrades
export { diffModels, newestFirst } from "./nightly/diff-models.ts";
export { InMemoryModelRegistry } from "./nightly/in-memory-model-registry.ts";
export type { DatedVersion, ModelVersion, VersionKind } from "./nightly/model-family.ts";
export { compareVersions, modelFamily, parseModelVersion, splitModelString } from "./nightly/model-family.ts";
export type {
  ListedModel,
  ModelRegistry,
  PromotionRecord,
  RegisteredModel,
  WatchedJudge,
  WatchedProgram,
} from "./nightly/model-registry.ts";
export type { NightlyInput, NightlyPlan, PlannedRescore, PlannedRun, SkippedWork } from "./nightly/plan-nightly.ts";
export { defaultGateBudgetShare, gateBudgetOf, planNightly } from "./nightly/plan-nightly.ts";
export type { PromotionDecision, PromotionOptions } from "./nightly/promotion.ts";
export { decidePromotion, keptWithoutComparison } from "./nightly/promotion.ts";
export { isFloating, judgeChange, newerVersion } from "./nightly/upgrades.ts";
export type { BootstrapFewShotOptions } from "./optimize/bootstrap-few-shot.ts";
export { BootstrapFewShot } from "./optimize/bootstrap-few-shot.ts";
export type {
  RandomSearchCandidate,
  RandomSearchOptions,
  RandomSearchResult,
} from "./optimize/bootstrap-few-shot-with-random-search.ts";
export { BootstrapFewShotWithRandomSearch } from "./optimize/bootstrap-few-shot-with-random-search.ts";
export { programForParams } from "./optimize/candidates.ts";
export type { ExampleData } from "./optimize/example-data.ts";
export { datasetToData, exampleFromData, exampleToData } from "./optimize/example-data.ts";
export { pendingJobs } from "./optimize/expand-jobs.ts";
export { excludedErrorKinds, isProgramFailure, selectionScore } from "./optimize/failure-score.ts";
export type { GepaInProcessOptions, GepaProgress, GepaResult } from "./optimize/gepa-in-process.ts";
export { gepaInProcess, gepaProgressOf } from "./optimize/gepa-in-process.ts";
export { gepaPendingJobs } from "./optimize/gepa-jobs.ts";
export type { FrontierEntry } from "./optimize/gepa-pareto.ts";
export { bestCandidate, nonDominated, paretoFrontier } from "./optimize/gepa-pareto.ts";
export type { GepaOptions, GepaPlanInput } from "./optimize/gepa-plan.ts";
export { gepaPresets, planGepa } from "./optimize/gepa-plan.ts";
export { reflectionSignature } from "./optimize/gepa-reflection.ts";
export type {
  GepaCandidate,
  GepaConfig,
  GepaJobSpec,
  GepaMerge,
  GepaOutcome,
  GepaPhase,
  GepaReflection,
  GepaState,
} from "./optimize/gepa-state.ts";
export { gepaStateFormat } from "./optimize/gepa-state.ts";
export type { GepaStepResult } from "./optimize/gepa-step.ts";
export { gepaStep } from "./optimize/gepa-step.ts";
export type { MiproProgress, OptimizeInProcessOptions, OptimizeResult } from "./optimize/in-process-driver.ts";
export { optimizeInProcess, progressOf, runOptimizerJobs } from "./optimize/in-process-driver.ts";
export type { PredictorDiff, ProgramDiff, RenderedPredictor } from "./optimize/inspect.ts";
export { diffPrograms, inspectProgram } from "./optimize/inspect.ts";
export type { AlignmentReportInput, JudgeGateOptions, JudgeGateResult } from "./optimize/judge-gate.ts";
export { defaultGateThreshold, judgeGate } from "./optimize/judge-gate.ts";
export type { JudgeMetricOptions } from "./optimize/judge-metric.ts";
export { judgeMetric } from "./optimize/judge-metric.ts";
export type { LabeledFewShotOptions } from "./optimize/labeled-few-shot.ts";
// optimizers
export { LabeledFewShot } from "./optimize/labeled-few-shot.ts";
export type { MiproJob, MiproJobResult, MiproJobSpec, TextJobKind } from "./optimize/mipro-jobs.ts";
export { jobId } from "./optimize/mipro-jobs.ts";
export type {
  Evaluation,
  ExampleResult,
  MiproOutcome,
  MiproPhase,
  MiproState,
  MiproStoppedReason,
  Params,
  Spend,
} from "./optimize/mipro-state.ts";
export { miproStateFormat } from "./optimize/mipro-state.ts";
export type { MiproStepResult } from "./optimize/mipro-step.ts";
export { miproStep } from "./optimize/mipro-step.ts";
export { planMipro } from "./optimize/plan.ts";
export type {
  AutoPreset,
  BudgetCap,
  EstimateOptions,
  MiproConfig,
  MiproEstimate,
  MiproOptions,
  MiproPlan,
} from "./optimize/plan-types.ts";
export { autoRunSettings } from "./optimize/presets.ts";
export { programWithPrompts } from "./optimize/program-prompts.ts";
export type { MiproJobContext } from "./optimize/run-job.ts";
export { runMiproJob } from "./optimize/run-job.ts";
export type { OptimizerKind, OptimizerRunResult, RunOptimizerOptions } from "./optimize/run-optimizer.ts";
export { optimizerKinds, runOptimizer } from "./optimize/run-optimizer.ts";
export type { TraceStep } from "./optimize/trace.ts";
export { traceProgram } from "./optimize/trace.ts";
export type { TrialTarget } from "./optimize/trial-records.ts";
export { recordTrials } from "./optimize/trial-records.ts";
export type { ArtifactStore } from "./ports/artifact-store.ts";
export { checkArtifactKey, getJson, getText, putJson, putText } from "./ports/artifact-store.ts";
export { InMemoryArtifactStore } from "./ports/in-memory-artifact-store.ts";
// ports
export {
  checkFailOptions,
  checkMaxReceives,
  checkReceive,
  defaultMaxReceives,
  jobBodies,
  maxReceiveBatch,
} from "./ports/job-checks.ts";
export type { DeadLetter, Delivery, FailOptions, JobQueue, QueuedJob } from "./ports/job-queue.ts";
export { copyJson, toJsonText } from "./ports/json.ts";
export type { InMemoryJobQueueOptions } from "./ports/memory/in-memory-job-queue.ts";
export { InMemoryJobQueue } from "./ports/memory/in-memory-job-queue.ts";
export { InMemoryRunStore } from "./ports/memory/in-memory-run-store.ts";
export type { NewRunOptions } from "./ports/run-record.ts";
export {
  applyRunPatch,
  checkCounterStep,
  checkRunId,
  checkStoreKey,
  checkTrial,
  compareRunsNewestFirst,
  compareTrials,
  isTerminalRunStatus,
  listedAfter,
  meetsRunCondition,
  newRunRecord,
} from "./ports/run-record.ts";
export type {
  ListRunsOptions,
  RunCondition,
  RunErrorRecord,
  RunPatch,
  RunPosition,
  RunProgress,
  RunRecord,
  RunStatus,
  RunStore,
  SpendSummary,
  StageRecord,
  StageStatus,
  TrialRecord,
} from "./ports/run-store.ts";
export type {
  JobOutcome,
  StepJob,
  StepMachine,
  StepOutput,
  WorkflowCheckpoint,
  WorkflowDriver,
  WorkflowStatus,
  WorkflowStatusName,
} from "./ports/workflow.ts";
export { statusOfCheckpoint } from "./ports/workflow.ts";
/** Provider LMs from `provider/model` strings; each loads its SDK on its first call. */
export type { CreateProviderLMOptions } from "./providers/create-provider-lm.ts";
export { createProviderLM } from "./providers/create-provider-lm.ts";
export { preloadProviders } from "./providers/lazy-provider-lm.ts";
export { assembleSummary } from "./run/assemble-summary.ts";
export type { RunEstimate, RunEstimatePart } from "./run/estimate-run.ts";
export { estimateRun } from "./run/estimate-run.ts";
/** A run's upper bound against its caps: refused, or (with budget.fitBudget) its sizes scaled to fit. */
export type { BudgetFit, BudgetPlan, BudgetRefusal, ScaledSize } from "./run/fit-budget.ts";
export { BudgetRefusedError, planRunBudget, stageShares } from "./run/fit-budget.ts";
export type { GoldCheckOptions, GoldCheckSide } from "./run/gold-check.ts";
export { goldCheck, goldVerdictSentence } from "./run/gold-check.ts";
export { optimizationData } from "./run/optimization-summary.ts";
// `--prices FILE`: a price table merged over the built-in one, errors naming the key
export type { PriceOverrides } from "./run/price-file.ts";
export { parsePriceFile, pricesFromFile } from "./run/price-file.ts";
export {
  baselineGenerator,
  baselineJudge,
  generatorInput,
  generatorOutput,
  programFromState,
  singlePredictorProgram,
} from "./run/programs.ts";
export type { OptimizerSettings, RunConfig } from "./run/run-config.ts";
