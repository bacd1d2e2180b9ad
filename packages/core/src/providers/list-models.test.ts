import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LMError } from "../lm/errors.ts";
import { listConfiguredModels, listModels } from "./list-models.ts";
import { RecordingServer } from "./testing/recording-server.ts";

const apiKey = "sk-SECRET-listing-key";

// Response bodies in the shape each provider documents (trimmed to a few models).
const openAIList = {
  object: "list",
  data: [
    { id: "gpt-4o-mini-2024-07-18", object: "model", created: 1721172717, owned_by: "system" },
    { id: "gpt-4o-mini", object: "model", created: 1721172741, owned_by: "system" },
    { id: "text-embedding-3-small", object: "model", created: 1705948997, owned_by: "system" },
  ],
};

const anthropicPage = (ids: string[], hasMore: boolean) => ({
  data: ids.map((id) => ({
    type: "model",
    id,
    display_name: `Claude ${id}`,
    created_at: id.endsWith("20251001") ? "2025-10-15T00:00:00Z" : "1970-01-01T00:00:00Z",
  })),
  has_more: hasMore,
  first_id: ids[0] ?? null,
  last_id: ids.at(-1) ?? null,
});

const geminiModel = (name: string, methods: string[]) => ({
  name: `models/${name}`,
  version: "001",
  displayName: name.toUpperCase(),
  inputTokenLimit: 1048576,
  outputTokenLimit: 65536,
  supportedGenerationMethods: methods,
});

describe("listModels", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it("lists OpenAI models with their creation times, sorted by id", async () => {
    server.enqueue({ status: 200, body: openAIList });

    const models = await listModels("openai", { apiKey, baseURL: `${server.url}/v1` });

    expect(server.lastRequest?.path).toBe("/v1/models");
    expect(server.lastRequest?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(models).toEqual([
      { provider: "openai", id: "gpt-4o-mini", createdAt: "2024-07-16T23:32:21.000Z" },
      { provider: "openai", id: "gpt-4o-mini-2024-07-18", createdAt: "2024-07-16T23:31:57.000Z" },
      { provider: "openai", id: "text-embedding-3-small", createdAt: "2024-01-22T18:43:17.000Z" },
    ]);
  });

  it("follows Anthropic's pages and drops epoch creation times", async () => {
    server.enqueue(
      { status: 200, body: anthropicPage(["claude-haiku-4-5-20251001"], true) },
      { status: 200, body: anthropicPage(["claude-3-haiku-20240307"], false) },
    );

    const models = await listModels("anthropic", { apiKey, baseURL: server.url });

    expect(server.requests.map((request) => request.path)).toEqual([
      "/v1/models?limit=1000",
      "/v1/models?limit=1000&after_id=claude-haiku-4-5-20251001",
    ]);
    const { authorization, "x-api-key": apiKeyHeader } = server.lastRequest?.headers ?? {};
    expect(authorization ?? apiKeyHeader).toContain(apiKey);
    expect(models).toEqual([
      { provider: "anthropic", id: "claude-3-haiku-20240307", displayName: "Claude claude-3-haiku-20240307" },
      {
        provider: "anthropic",
        id: "claude-haiku-4-5-20251001",
        createdAt: "2025-10-15T00:00:00.000Z",
        displayName: "Claude claude-haiku-4-5-20251001",
      },
    ]);
  });

  it("follows Gemini's page tokens and keeps only models that generate content", async () => {
    server.enqueue(
      {
        status: 200,
        body: {
          models: [
            geminiModel("gemini-2.5-flash", ["generateContent", "countTokens"]),
            geminiModel("text-embedding-004", ["embedContent"]),
          ],
          nextPageToken: "page-2",
        },
      },
      { status: 200, body: { models: [geminiModel("gemini-2.5-flash-preview-09-2025", ["generateContent"])] } },
    );

    const models = await listModels("gemini", { apiKey, baseURL: server.url });

    expect(server.requests.map((request) => request.path)).toEqual([
      "/v1beta/models?pageSize=1000",
      "/v1beta/models?pageSize=1000&pageToken=page-2",
    ]);
    expect(server.lastRequest?.headers["x-goog-api-key"]).toBe(apiKey);
    expect(models).toEqual([
      { provider: "gemini", id: "gemini-2.5-flash", displayName: "GEMINI-2.5-FLASH" },
      {
        provider: "gemini",
        id: "gemini-2.5-flash-preview-09-2025",
        displayName: "GEMINI-2.5-FLASH-PREVIEW-09-2025",
      },
    ]);
  });

  it("turns a 429 into one retryable LMError with retry-after, without retrying inside the SDK", async () => {
    server.enqueue(
      {
        status: 429,
        body: { error: { type: "rate_limit_error", message: "slow down" } },
        headers: { "retry-after": "3" },
      },
      { status: 200, body: anthropicPage([], false) },
    );

    const failure = await listModels("anthropic", { apiKey, baseURL: server.url }).catch((error: unknown) => error);

    expect(server.requests).toHaveLength(1);
    expect(failure).toBeInstanceOf(LMError);
    expect(failure).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 3000, provider: "anthropic" });
  });

  it("reports a rejected Gemini key as an auth failure whose message holds neither key nor body", async () => {
    const body = {
      error: {
        code: 400,
        message: `API key not valid: ${apiKey}`,
        status: "INVALID_ARGUMENT",
        details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }],
      },
    };
    server.enqueue({ status: 400, body });

    const failure = await listModels("gemini", { apiKey, baseURL: server.url }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ kind: "auth", status: 400 });
    expect(String((failure as Error).message)).not.toContain(apiKey);
    expect(String((failure as Error).message)).not.toContain("not valid");
  });

  it("reports an unreachable endpoint as a server error naming the provider", async () => {
    const failure = await listModels("openai", { apiKey, baseURL: "http://127.0.0.1:1/v1", timeoutMs: 2000 }).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(LMError);
    expect((failure as LMError).message).toMatch(/^openai models\.list: /);
  });
});

describe("listConfiguredModels", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(() => server.close());

  it("lists every provider with a key, keeps going past one that fails, and skips those without", async () => {
    server.enqueue({ status: 200, body: anthropicPage(["claude-haiku-4-5-20251001"], false) });

    const result = await listConfiguredModels(
      { anthropic: apiKey, openai: apiKey, gemini: "  " },
      { baseURLs: { anthropic: server.url, openai: "http://127.0.0.1:1/v1" }, timeoutMs: 2000 },
    );

    expect(result.listed.map((model) => model.id)).toEqual(["claude-haiku-4-5-20251001"]);
    expect(result.failures.map((failure) => [failure.provider, failure.error instanceof LMError])).toEqual([
      ["openai", true],
    ]);
    expect(server.requests).toHaveLength(1);
  });
});
