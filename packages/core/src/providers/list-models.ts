import Anthropic, { APIError as AnthropicAPIError } from "@anthropic-ai/sdk";
import { ApiError as GoogleApiError, GoogleGenAI } from "@google/genai";
import OpenAI, { APIError as OpenAIAPIError } from "openai";
import { LMError } from "../lm/errors.ts";
import type { ListedModel } from "../nightly/model-registry.ts";
import { anthropicDefaultBaseURL } from "./anthropic.ts";
import type { ProviderKeys, ProviderName } from "./create-provider-lm.ts";
import { type CallContext, lmErrorFromHttpFailure, transportLMError } from "./errors-map.ts";
import { geminiDefaultBaseURL } from "./gemini.ts";
import { openAIDefaultBaseURL } from "./openai.ts";
import { defaultTimeoutMs } from "./provider-options.ts";
import { retryAfterMsFromHeaders } from "./retry-after.ts";

/** What listing a provider's models needs; the composition root reads keys from the environment. */
export interface ListModelsOptions {
  apiKey: string;
  /** Another endpoint speaking the provider's protocol (a proxy, a test server). */
  baseURL?: string;
  /** Per-request timeout; default 60 s. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Wall clock in ms, for retry-after dates; default `Date.now`. */
  now?: () => number;
}

// Providers cap one page at 1000; bigger pages mean fewer requests for the same list.
const pageSize = 1000;

/**
 * Lists the models a provider serves to this key: OpenAI and Anthropic `GET /v1/models`,
 * Gemini `models.list`, every page, through each provider's SDK with its retries off (a
 * failed night is retried as a whole, never inside). Sorted by id. Failures are LMErrors
 * that name the provider and status, never the key.
 *
 * @example
 * const listed = await listModels("anthropic", { apiKey: keys.anthropic });
 * listed.map((model) => model.id); // ["claude-haiku-4-5-20251001", ...]
 */
export async function listModels(provider: ProviderName, options: ListModelsOptions): Promise<ListedModel[]> {
  const models = await listersByProvider[provider](options);
  return models.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Tonight's listings of every provider with a key, and the providers whose listing failed. */
export interface ProviderListings {
  listed: ListedModel[];
  failures: { provider: ProviderName; error: LMError }[];
}

/**
 * Lists the models of every provider that has a key, in parallel. One provider failing does
 * not lose the others: its error is in `failures`, and since its models are absent from
 * `listed`, `diffModels` does not take them for retired.
 *
 * @example
 * const { listed, failures } = await listConfiguredModels({ openai: keys.openai, gemini: keys.gemini });
 */
export async function listConfiguredModels(
  keys: ProviderKeys,
  options: Omit<ListModelsOptions, "apiKey" | "baseURL"> & { baseURLs?: Partial<Record<ProviderName, string>> } = {},
): Promise<ProviderListings> {
  const { baseURLs, ...common } = options;
  const providers = (Object.keys(listersByProvider) as ProviderName[]).filter((provider) => keys[provider]?.trim());
  const settled = await Promise.allSettled(
    providers.map((provider) =>
      listModels(provider, { ...common, apiKey: keys[provider]?.trim() ?? "", baseURL: baseURLs?.[provider] }),
    ),
  );
  const result: ProviderListings = { listed: [], failures: [] };
  settled.forEach((outcome, index) => {
    const provider = providers[index] as ProviderName;
    if (outcome.status === "fulfilled") result.listed.push(...outcome.value);
    else result.failures.push({ provider, error: asLMError(outcome.reason, provider) });
  });
  return result;
}

function asLMError(error: unknown, provider: ProviderName): LMError {
  return error instanceof LMError ? error : transportLMError(error, contextOf(provider), undefined, defaultTimeoutMs);
}

const listersByProvider: Record<ProviderName, (options: ListModelsOptions) => Promise<ListedModel[]>> = {
  openai: listOpenAIModels,
  anthropic: listAnthropicModels,
  gemini: listGeminiModels,
};

const contextOf = (provider: ProviderName): CallContext => ({ provider, model: "models.list" });

/**
 * OpenAI's `GET /v1/models` (also any OpenAI-compatible server through `baseURL`).
 * `created` (epoch seconds) becomes `createdAt`.
 *
 * @example
 * await listOpenAIModels({ apiKey: key }); // [{ provider: "openai", id: "gpt-4o-mini", createdAt: "2024-07-16T..." }, ...]
 */
export async function listOpenAIModels(options: ListModelsOptions): Promise<ListedModel[]> {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? openAIDefaultBaseURL,
    timeout: options.timeoutMs ?? defaultTimeoutMs,
    maxRetries: 0,
    defaultHeaders: options.headers,
    logLevel: "off",
  });
  const models: ListedModel[] = [];
  try {
    for await (const model of client.models.list()) {
      models.push({ provider: "openai", id: model.id, createdAt: isoFromEpochSeconds(model.created) });
    }
  } catch (error) {
    throw sdkError(error, "openai", options, OpenAIAPIError);
  }
  return models;
}

/**
 * Anthropic's `GET /v1/models`, every page. An epoch `created_at` means "unknown" there, so
 * it is dropped.
 *
 * @example
 * await listAnthropicModels({ apiKey: key }); // [{ provider: "anthropic", id: "claude-haiku-4-5-20251001", ... }]
 */
export async function listAnthropicModels(options: ListModelsOptions): Promise<ListedModel[]> {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? anthropicDefaultBaseURL,
    timeout: options.timeoutMs ?? defaultTimeoutMs,
    maxRetries: 0,
    defaultHeaders: options.headers,
    logLevel: "off",
  });
  const models: ListedModel[] = [];
  try {
    for await (const model of client.models.list({ limit: pageSize })) {
      const created = Date.parse(model.created_at);
      const createdAt = Number.isFinite(created) && created > 0 ? new Date(created).toISOString() : undefined;
      models.push({ provider: "anthropic", id: model.id, createdAt, displayName: model.display_name });
    }
  } catch (error) {
    throw sdkError(error, "anthropic", options, AnthropicAPIError);
  }
  return models;
}

/**
 * Gemini's `models.list`, every page, keeping models that can `generateContent` (the only
 * call judgeloop makes); ids lose their `models/` prefix.
 *
 * @example
 * await listGeminiModels({ apiKey: key }); // [{ provider: "gemini", id: "gemini-2.5-flash", displayName: "Gemini 2.5 Flash" }, ...]
 */
export async function listGeminiModels(options: ListModelsOptions): Promise<ListedModel[]> {
  // vertexai: false keeps GOOGLE_GENAI_USE_VERTEXAI in the environment from switching backends.
  const client = new GoogleGenAI({
    apiKey: options.apiKey,
    vertexai: false,
    httpOptions: {
      baseUrl: options.baseURL ?? geminiDefaultBaseURL,
      timeout: options.timeoutMs ?? defaultTimeoutMs,
      headers: options.headers,
      retryOptions: { attempts: 1 },
    },
  });
  const models: ListedModel[] = [];
  try {
    for await (const model of await client.models.list({ config: { pageSize } })) {
      const id = model.name?.replace(/^models\//, "");
      const generates = model.supportedActions?.includes("generateContent") ?? true;
      if (id && generates) models.push({ provider: "gemini", id, displayName: model.displayName });
    }
  } catch (error) {
    throw geminiError(error, options);
  }
  return models;
}

function isoFromEpochSeconds(seconds: number | undefined): string | undefined {
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0
    ? new Date(seconds * 1000).toISOString()
    : undefined;
}

type StainlessErrorClass = typeof OpenAIAPIError | typeof AnthropicAPIError;

// OpenAI's and Anthropic's SDKs share one error shape: status, headers, and the parsed body.
function sdkError(
  error: unknown,
  provider: ProviderName,
  options: ListModelsOptions,
  errorClass: StainlessErrorClass,
): LMError {
  const context = contextOf(provider);
  if (error instanceof errorClass && error.status !== undefined) {
    return lmErrorFromHttpFailure({
      ...context,
      status: error.status,
      retryAfterMs: retryAfterMsFromHeaders(error.headers, (options.now ?? Date.now)()),
      code: errorCode(error.error),
    });
  }
  const cause = error instanceof errorClass ? (error.cause ?? error) : error;
  return transportLMError(cause, context, undefined, options.timeoutMs ?? defaultTimeoutMs);
}

function geminiError(error: unknown, options: ListModelsOptions): LMError {
  const context = contextOf("gemini");
  if (!(error instanceof GoogleApiError)) {
    return transportLMError(error, context, undefined, options.timeoutMs ?? defaultTimeoutMs);
  }
  return lmErrorFromHttpFailure({ ...context, status: error.status, code: googleReason(error.message) });
}

/** `{error: {type|code}}` (Anthropic, OpenAI) or `{type|code}`: only ever used as a short code. */
function errorCode(body: unknown): string | undefined {
  const inner = fieldOf(body, "error") ?? body;
  const code = fieldOf(inner, "code") ?? fieldOf(inner, "type");
  return typeof code === "string" ? code : undefined;
}

// The Google SDK puts the response body into the error message; its `details[].reason`
// (e.g. API_KEY_INVALID) or `status` is the machine-readable part.
function googleReason(message: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return undefined;
  }
  const error = fieldOf(body, "error");
  const details = fieldOf(error, "details");
  const reasons = Array.isArray(details) ? details.map((detail) => fieldOf(detail, "reason")) : [];
  const reason = reasons.find((value) => typeof value === "string") ?? fieldOf(error, "status");
  return typeof reason === "string" ? reason : undefined;
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
