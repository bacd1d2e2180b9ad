// adapters
export { ChatAdapter } from "./adapter/chat-adapter.ts";
export { coerceFieldValue } from "./adapter/coerce.ts";
export { JSONAdapter } from "./adapter/json-adapter.ts";
export { ParseError } from "./adapter/parse-error.ts";
export { repairMessages } from "./adapter/repair.ts";
export { structuredOutputFormat } from "./adapter/response-format.ts";
export type { Adapter } from "./adapter/types.ts";
export { formatFieldValue } from "./adapter/value-format.ts";
// data
export type { ArrowDatasetFiles } from "./data/arrow.ts";
export { arrowShardNames, parseArrowDataset } from "./data/arrow.ts";
export type { JudgeloopConfig, PrepareConfig, SynthesizeConfig } from "./data/config.ts";
export {
  configSections,
  dataInputOf,
  judgeloopConfigSchema,
  parseConfig,
  parseConfigText,
  synthesizeConfigSchema,
} from "./data/config.ts";
export type { Speaker, Turn } from "./data/conversation.ts";
export { appendReply, companyTranscript, formatTurns, parseTurns } from "./data/conversation.ts";
export { conversationSchema } from "./data/conversations.ts";
export { parseCsv } from "./data/csv.ts";
export type { DatasetManifest } from "./data/dataset-store.ts";
export {
  datasetKeys,
  listDatasetVersions,
  loadDatasetVersion,
  resolveDatasetId,
  saveDatasetVersion,
} from "./data/dataset-store.ts";
export type { DatasetLineage, DatasetVersion } from "./data/dataset-version.ts";
export { createDatasetVersion, datasetVersionId, verifyDatasetVersion } from "./data/dataset-version.ts";
export type { FieldMap } from "./data/field-map.ts";
export { applyFieldMap, parseFieldMap } from "./data/field-map.ts";
export type { GoldLabelFailure, GoldLabelOptions, GoldLabelResult } from "./data/gold-judge.ts";
export { createGoldJudge, goldJudgeInstructions, goldJudgeSignature, goldLabels } from "./data/gold-judge.ts";
export { parseJsonl } from "./data/jsonl.ts";
export type { Label, LabelProvenance, LabelStats, SmeLabelFile } from "./data/labels.ts";
export {
  annotatedLabelSchema,
  attachLabels,
  labelledVersion,
  labelSchema,
  labelStats,
  loadSmeLabels,
  readSmeLabels,
} from "./data/labels.ts";
export type { LanguageDetector } from "./data/language.ts";
export { conversationLanguage, loadLanguageDetector } from "./data/language.ts";
export type { DatasetFormat, DatasetSource, LoadRowsOptions } from "./data/load.ts";
export { formatOfPath, loadRows, parseSource } from "./data/load.ts";
export type { NearDuplicateMatch } from "./data/near-duplicates.ts";
export { defaultNearDuplicateThreshold, jaccard, NearDuplicateIndex, wordShingles } from "./data/near-duplicates.ts";
export type { LocatedRow, ParseResult, Row } from "./data/parsed-rows.ts";
export type { PreparedDatasets, PrepareOptions, PrepareResult } from "./data/prepare.ts";
export { prepareConversations } from "./data/prepare.ts";
export type { DropCount, PreprocessOptions, PreprocessReport, PreprocessResult } from "./data/preprocess.ts";
export { countWords, preprocessConversations } from "./data/preprocess.ts";
export type { DataProblem } from "./data/problems.ts";
export { DatasetError, formatProblem } from "./data/problems.ts";
export type { CheckedRows, FieldKind, FieldRule, RowSchema } from "./data/row-schema.ts";
export { checkRows, coerceBoolean } from "./data/row-schema.ts";
export type { NestedSplitSizes, NestedSplits, SplitResult, SplitSize } from "./data/split.ts";
export { byId, nestedSplits, resolveSplitSize, sampleRows, shuffleRows, splitRows } from "./data/split.ts";
export {
  loadStoredConversations,
  loadStoredSeeds,
  loadStoredSmeLabels,
  requireStoredDataset,
  storedDatasetId,
} from "./data/stored-inputs.ts";
export type { SynthesisSlot } from "./data/synthesis-plan.ts";
export {
  customerStyles,
  planSynthesis,
  synthesisCallTokens,
  synthesisInstructions,
  synthesisPredictor,
  synthesisStandIns,
} from "./data/synthesis-plan.ts";
export type { SeedQuestion } from "./data/synthesis-seeds.ts";
export { parseSeedQuestions, seedFileHash } from "./data/synthesis-seeds.ts";
export type {
  SynthesisRejection,
  SynthesizeOptions,
  SynthesizeProgress,
  SynthesizeResult,
} from "./data/synthesize.ts";
export { synthesizeConversations } from "./data/synthesize.ts";
export type { TurnRange, TurnsCheck, TurnsRejection } from "./data/synthesized-turns.ts";
export { checkSynthesizedTurns, maxTurns, parseTurnRange } from "./data/synthesized-turns.ts";
export type { TruncateRowsResult, TruncationOptions } from "./data/truncate.ts";
export { truncateRows, truncateTurns, truncationRandom } from "./data/truncate.ts";
// dspy
export type { DspyDependencyVersions, ExportDspyOptions } from "./dspy/export-dspy-program.ts";
export { dspyExportVersions, exportDspyProgram } from "./dspy/export-dspy-program.ts";
export type { DspyProvenance, ImportDspyOptions } from "./dspy/import-dspy-program.ts";
export { importDspyProgram } from "./dspy/import-dspy-program.ts";
export { JudgeloopError } from "./errors.ts";
// evaluate
export { evaluate } from "./evaluate/evaluate.ts";
export type { ExactMatchOptions, NormalizeOptions } from "./evaluate/metrics.ts";
export { exactMatch, normalizeText } from "./evaluate/metrics.ts";
export type {
  Evaluable,
  EvaluateOptions,
  EvaluateProgress,
  EvaluateResult,
  EvaluationErrorKind,
  EvaluationRecord,
  Metric,
  MetricContext,
  RecordStatus,
  StoppedReason,
} from "./evaluate/types.ts";
// SME labeling: label sets, the active queue, agreement between SMEs
export type { JudgeVerdictsOptions } from "./labeling/judge-verdicts.ts";
export { judgeVerdicts } from "./labeling/judge-verdicts.ts";
export type { LabelFileFormat } from "./labeling/label-export.ts";
export { labelFileFormatOf, labelFileText } from "./labeling/label-export.ts";
export type { LabelOrdering, LabelQueue, LabelQueueInput, LiveGate } from "./labeling/label-queue.ts";
export { labelQueue, liveGate } from "./labeling/label-queue.ts";
export type { DesignWeights, LabelDesign } from "./labeling/label-queue-design.ts";
export {
  defaultDesignWeights,
  designOrder,
  inclusionProbabilities,
  labelDesign,
} from "./labeling/label-queue-design.ts";
export type { WeightedPair } from "./labeling/label-queue-estimate.ts";
export { effectiveSize, weightedKappa, weightedKappaInterval } from "./labeling/label-queue-estimate.ts";
export type {
  JudgeVerdict,
  LabelCorrection,
  LabelSet,
  LabelSetOrigin,
  LabelStore,
  SmeLabel,
} from "./labeling/label-set.ts";
export type { TranscriptParts } from "./labeling/reply-to-judge.ts";
export { replyToJudge } from "./labeling/reply-to-judge.ts";
export type { AnnotatorAgreement } from "./labeling/sme-agreement.ts";
export { smeAgreement } from "./labeling/sme-agreement.ts";
export type { BudgetLedger, BudgetLimits, ReserveResult, RunSpend } from "./lm/budget.ts";
export { MemoryBudgetLedger } from "./lm/budget.ts";
export type { CacheEntry, CacheMode, CacheOptions, CacheStore } from "./lm/cache.ts";
// lm: cache, prices, tokens, budget, composition
export { cacheKey, MemoryCacheStore, withCache } from "./lm/cache.ts";
export type { CreateLMDeps } from "./lm/create-lm.ts";
export { createLM } from "./lm/create-lm.ts";
export type { LMErrorKind, LMErrorOptions } from "./lm/errors.ts";
export { errorKindOf, isRetryable, LMError } from "./lm/errors.ts";
export type { WorkloadEstimate, WorkloadItem } from "./lm/estimate.ts";
export { estimateWorkload } from "./lm/estimate.ts";
// modules
export type { FakeLMOptions, FakeReply, FakeResponder, FakeResponse } from "./lm/fake-lm.ts";
export { FakeLM } from "./lm/fake-lm.ts";
export type { LearnedRateOptions } from "./lm/learned-rate.ts";
/** A requests-per-minute limit learned from 429s when the provider does not say it. */
export { LearnedRate } from "./lm/learned-rate.ts";
export type { LedgerAccount } from "./lm/ledger-account.ts";
export { checkLedgerAmount, ledgerStanding, toNano, toUsd } from "./lm/ledger-account.ts";
export type { ModelRole, ProviderAccess, ProviderKeys, ProviderName, RoleModels } from "./lm/model-roles.ts";
export {
  configuredRoleModels,
  hasAnyProvider,
  knownProviders,
  modelRoles,
  parseModelString,
  providerKeyEnvVars,
  requireModelKey,
  resolveRoleModels,
  simulatedRoleModels,
} from "./lm/model-roles.ts";
// Per-model settings (allowance, timeout, reasoning effort, thinking budget, capability overrides).
export type { ModelSettings, ModelSettingsMap, ReasoningEffort } from "./lm/model-settings.ts";
export {
  modelSettingsFor,
  modelSettingsMapSchema,
  modelSettingsSchema,
  outputAllowanceOf,
  overrideModelSettings,
  reasoningEfforts,
  reasoningOutputAllowance,
  standardOutputAllowance,
} from "./lm/model-settings.ts";
export type { ModelPrice, PriceRow, PriceTable } from "./lm/prices.ts";
export {
  costOf,
  defaultPrices,
  defaultPricesCheckedOn,
  mergePrices,
  priceOf,
  priceRowOf,
  pricesWith,
  withCost,
} from "./lm/prices.ts";
export type { RateLimitBudget, RateLimitSnapshot } from "./lm/rate-limit-snapshot.ts";
export type {
  PermitOutcome,
  RateLimiterDeps,
  RateLimiterStats,
  RateLimitPermit,
  RateLimits,
} from "./lm/rate-limiter.ts";
/** Admits calls under learned or configured RPM/TPM, AIMD concurrency and a shared 429 pause. */
export { RateLimiter } from "./lm/rate-limiter.ts";
export type { RetryEvent, RetryOptions, Sleep } from "./lm/retry.ts";
// lm: retries and rate limits
export { abortableSleep, backoffDelayMs, cancelledError, defaultRateLimitDeadlineMs, withRetry } from "./lm/retry.ts";
export { countMessageTokens, countTextTokens, estimateInputTokens, loadTokenizer } from "./lm/tokens.ts";
export type {
  JsonSchemaFormat,
  LM,
  LMCapabilities,
  LMRequest,
  LMResponse,
  Message,
  ResponseFormat,
  Usage,
} from "./lm/types.ts";
export { addUsage, emptyUsage, wrapLM } from "./lm/types.ts";
export type { BudgetOptions } from "./lm/with-budget.ts";
export { withBudget, worstCaseCost } from "./lm/with-budget.ts";
export type { WithRateLimitOptions } from "./lm/with-rate-limit.ts";
/** One limiter per endpoint + model, shared by every LM of a process; `withRateLimit` wraps an LM with it. */
export { RateLimiterRegistry, rateLimitKey, roughTokenEstimate, withRateLimit } from "./lm/with-rate-limit.ts";
export type { TruncationEvent, TruncationRetryOptions } from "./lm/with-truncation-retry.ts";
/** The one doubled-allowance retry of an answer cut off at its output allowance. */
export { withTruncationRetry } from "./lm/with-truncation-retry.ts";
export type { AgreementOptions, AgreementReport, ClassBalance } from "./metrics/agreement.ts";
// metrics
export { agreementReport } from "./metrics/agreement.ts";
export type { BinaryPair, ConfusionMatrix, MaybeValue, ProportionMetrics } from "./metrics/confusion.ts";
export { confusionMatrix, f1Score, proportionMetrics } from "./metrics/confusion.ts";
export { chiSquareOneDfUpperTail, normalQuantile, zForLevel } from "./metrics/distributions.ts";
export type {
  BootstrapInterval,
  BootstrapOptions,
  Estimate,
  FisherZInterval,
  Interval,
  ProportionEstimate,
  WilsonInterval,
} from "./metrics/intervals.ts";
export {
  bootstrapPercentile,
  fisherZInterval,
  percentileOfSorted,
  proportionEstimate,
  wilsonInterval,
} from "./metrics/intervals.ts";
export type { AgreementParts } from "./metrics/kappa.ts";
export { agreementParts, cohenKappa } from "./metrics/kappa.ts";
export type {
  LengthBiasOptions,
  LengthBiasReport,
  LengthBin,
  LengthSample,
  LengthUnit,
} from "./metrics/length-bias.ts";
export { lengthBias, responseLength } from "./metrics/length-bias.ts";
export type { McNemarResult } from "./metrics/mcnemar.ts";
export { mcnemarTest } from "./metrics/mcnemar.ts";
export type { PairedComparison, PairedComparisonOptions, PassRecord } from "./metrics/paired.ts";
export { comparePrograms } from "./metrics/paired.ts";
export type { ExampleStability, RepeatedVerdicts, StabilityReport } from "./metrics/stability.ts";
export { judgeStability } from "./metrics/stability.ts";
export type { CallOptions, LMResolver } from "./module/call-options.ts";
export { ChainOfThought, reasoningField } from "./module/chain-of-thought.ts";
export type { ExampleOptions } from "./module/example.ts";
export { Example } from "./module/example.ts";
export type { PredictOptions, PredictorFromStateOptions } from "./module/predict.ts";
export { Predict } from "./module/predict.ts";
export type { LMCallRecord } from "./module/prediction.ts";
export { Prediction } from "./module/prediction.ts";
export { predictorFromState } from "./module/predictor-state.ts";
export type { ForwardFunction, Predictors, ProgramOptions } from "./module/program.ts";
export { Program } from "./module/program.ts";
export type { Demo, PredictorKind, PredictorState, ProgramState } from "./module/state.ts";
export { programStateFormat } from "./module/state.ts";
export type { FamilyUpdate, ModelDiff } from "./nightly/diff-models.ts";
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
