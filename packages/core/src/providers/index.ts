// The real provider LMs, behind a subpath export (`@judgeloop/core/providers`) so that importing
// the core root never loads the OpenAI, Anthropic or Gemini SDKs. `createProviderLM` is also
// exported from the root: its LMs import their provider's SDK on their first call.

export type { AnthropicLMOptions } from "./anthropic.ts";
export { AnthropicLM, anthropicDefaultMaxTokens } from "./anthropic.ts";
export type { ModelProfile } from "./capabilities.ts";
export {
  anthropicSupportsStructuredOutputs,
  geminiCapabilities,
  openAIModelProfile,
  profileOverrides,
} from "./capabilities.ts";
export type { CreateProviderLMOptions, ProviderKeys, ProviderName } from "./create-provider-lm.ts";
export { createProviderLM, parseModelString, providerKeyEnvVars } from "./create-provider-lm.ts";
export { httpFailureKind, lmErrorFromHttpFailure, truncatedError } from "./errors-map.ts";
export type { GeminiLMOptions } from "./gemini.ts";
export { GeminiLM } from "./gemini.ts";
export type { ProviderLMSpec } from "./lazy-provider-lm.ts";
export { lazyProviderLM, preloadProviders } from "./lazy-provider-lm.ts";
export type { ListModelsOptions, ProviderListings } from "./list-models.ts";
export {
  listAnthropicModels,
  listConfiguredModels,
  listGeminiModels,
  listModels,
  listOpenAIModels,
} from "./list-models.ts";
export type { OpenAILMOptions, ResponseFormatLevel } from "./openai.ts";
export { formatFallback, OpenAILM, openAIDefaultBaseURL, openAIRequestBody } from "./openai.ts";
export type { LMDefaults, ProviderLMOptions } from "./provider-options.ts";
export { rateLimitSnapshotFromHeaders } from "./rate-limit-headers.ts";
export { parseDuration, parseRetryAfterValue, retryAfterMsFromHeaders } from "./retry-after.ts";
