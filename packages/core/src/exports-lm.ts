/**
 * Public exports of @judgeloop/core: talking to models (the LM stack, modules, per-model settings, retries and rate limits, metrics).
 * index.ts gathers this file with the other phases.
 */
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
