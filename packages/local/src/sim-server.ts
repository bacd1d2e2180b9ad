import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import {
  JudgeloopError,
  LMError,
  type LMRequest,
  type Message,
  parseFaultSpec,
  type ResponseFormat,
  type SimFaults,
  SimLM,
  SimRateLimit,
  simWorld,
  type Usage,
} from "@judgeloop/core";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * What the simulated server tells clients about its RPM limit:
 * - `openai` (default): OpenAI's `x-ratelimit-{limit,remaining,reset}-requests` on every
 *   response, and `retry-after-ms` + `retry-after` on a 429;
 * - `retry-after`: nothing in advance, only `retry-after-ms` and `retry-after` (whole seconds,
 *   rounded up) on a 429, like many OpenAI-compatible servers;
 * - `none`: a bare 429, no header at all.
 */
export type SimRateLimitHeaders = "openai" | "retry-after" | "none";

export const simRateLimitHeaderModes: readonly SimRateLimitHeaders[] = ["openai", "retry-after", "none"];

export interface SimServerOptions {
  /** 0 (the default) picks a free port. The server binds 127.0.0.1 only. */
  port?: number;
  /** Requests per minute across all models; over it, 429. */
  rpm?: number;
  /** How much the server discloses about its limit (default `openai`). */
  rateLimitHeaders?: SimRateLimitHeaders;
  /** Requests the limit admits at once (default: one second's worth of rpm). */
  burst?: number;
  latencyMs?: number;
  /** Fault rates or a spec such as `500:0.05,timeout:0.02,malformed:0.03,429:0.03`. */
  faults?: SimFaults | string;
  /** How long a timeout fault holds the request before answering 504 (default 30 s). */
  timeoutFaultMs?: number;
  /**
   * The simulated world every model answers in unless its name picks one (`sim/strong~evidence`);
   * default "default". An unknown world is an error naming the worlds.
   */
  world?: string;
}

/** What the server saw, for benchmarks and tests. */
export interface SimServerStats {
  requests: number;
  completed: number;
  rateLimited: number;
  serverErrors: number;
  timeouts: number;
}

export interface SimServer {
  /** Base URL for OpenAI clients, e.g. `http://127.0.0.1:54321/v1`. */
  baseURL: string;
  port: number;
  stats(): SimServerStats;
  close(): Promise<void>;
}

const listedModels = ["sim/weak", "sim/default", "sim/strong", "sim/gold"];
const simulatedHeader = "x-judgeloop-simulated";
const fingerprint = "judgeloop-sim";

/**
 * Serves the simulator as an OpenAI-compatible API (`/v1/chat/completions`, `/v1/models`) on
 * 127.0.0.1. Every response is marked simulated: `system_fingerprint: "judgeloop-sim"` and an
 * `x-judgeloop-simulated: true` header.
 *
 * @example
 * const server = await startSimServer({ rpm: 600, latencyMs: 150 });
 * const lm = new OpenAILM({ model: "sim/strong", apiKey: "none", baseURL: server.baseURL });
 * await server.close();
 */
export async function startSimServer(options: SimServerOptions = {}): Promise<SimServer> {
  const shutdown = new AbortController();
  const { app, stats } = createSimApp({ ...options, shutdown: shutdown.signal });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: options.port ?? 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        shutdown.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}

/**
 * The Hono app behind `startSimServer`, for embedding or for `app.request()` in tests.
 *
 * @example
 * const { app } = createSimApp({ faults: "500:0.1" });
 */
export function createSimApp(options: SimServerOptions & { shutdown?: AbortSignal } = {}) {
  const stats: SimServerStats = { requests: 0, completed: 0, rateLimited: 0, serverErrors: 0, timeouts: 0 };
  const faults = typeof options.faults === "string" ? parseFaultSpec(options.faults) : options.faults;
  const rateLimit =
    options.rpm === undefined ? undefined : new SimRateLimit({ rpm: options.rpm, burst: options.burst });
  const world = simWorld(options.world).name;
  const models = new Map<string, SimLM>();
  const lmFor = (model: string) => {
    const existing = models.get(model);
    if (existing) return existing;
    const created = new SimLM(model, { latencyMs: options.latencyMs, rateLimit, faults, world });
    models.set(model, created);
    return created;
  };

  const headers = options.rateLimitHeaders ?? "openai";
  const app = new Hono();
  app.use(async (c, next) => {
    // The headers describe the bucket when the request was counted, as OpenAI's do, not after
    // the answer was written (a slow answer would otherwise report a refilled bucket).
    const levelOnArrival = rateLimit?.level ?? 0;
    await next();
    c.header(simulatedHeader, "true");
    if (rateLimit && headers === "openai" && c.req.path === "/v1/chat/completions") {
      const refused = c.res.status === 429;
      setLimitHeaders(c, rateLimit, refused ? 0 : Math.max(0, levelOnArrival - 1));
    }
  });
  app.get("/v1/models", (c) => c.json({ object: "list", data: listedModels.map(modelObject) }));
  app.get("/v1/models/:id{.+}", (c) => c.json(modelObject(c.req.param("id"))));
  app.post("/v1/chat/completions", async (c) => {
    stats.requests++;
    const parsed = parseChatRequest(await c.req.text());
    if ("error" in parsed) return openAIError(c, 400, parsed.error, "invalid_request_error");
    const lm = lmOrError(() => lmFor(parsed.model));
    if (typeof lm === "string") return openAIError(c, 400, `\`model\`: ${lm}`, "invalid_request_error");
    try {
      const response = await lm.call({ ...parsed.request, signal: c.req.raw.signal });
      stats.completed++;
      const id = `chatcmpl-sim-${stats.requests}`;
      return c.json(completionBody(id, parsed.model, response.text, response.usage, parsed.request.maxTokens));
    } catch (error) {
      return failureResponse(c, error, stats, options);
    }
  });
  app.notFound((c) => openAIError(c, 404, `no route ${c.req.method} ${c.req.path}`, "invalid_request_error"));
  return { app, stats };
}

/** The model's SimLM, or the message of the error that refused its name (an unknown world). */
function lmOrError(create: () => SimLM): SimLM | string {
  try {
    return create();
  } catch (error) {
    if (error instanceof JudgeloopError) return error.message;
    throw error;
  }
}

async function failureResponse(
  c: Context,
  error: unknown,
  stats: SimServerStats,
  options: SimServerOptions & { shutdown?: AbortSignal },
): Promise<Response> {
  if (!(error instanceof LMError)) throw error;
  if (error.kind === "rate_limit") {
    stats.rateLimited++;
    const waitMs = error.retryAfterMs ?? 1000;
    if ((options.rateLimitHeaders ?? "openai") !== "none") {
      c.header("retry-after", String(Math.max(1, Math.ceil(waitMs / 1000))));
      c.header("retry-after-ms", String(waitMs));
    }
    return openAIError(c, 429, "Rate limit reached for requests (simulated)", "requests", "rate_limit_exceeded");
  }
  if (error.kind === "timeout") {
    stats.timeouts++;
    await hold(options.timeoutFaultMs ?? 30_000, [c.req.raw.signal, options.shutdown]);
    return openAIError(c, 504, "The simulated server timed out", "timeout");
  }
  // The client is gone; the status only shows up in logs.
  if (error.kind === "cancelled") return openAIError(c, 408, "The client closed the request", "cancelled");
  stats.serverErrors++;
  const status = (error.status ?? 500) as ContentfulStatusCode;
  return openAIError(c, status, "The simulated server had an error", "server_error");
}

/**
 * OpenAI's request headers from the shared bucket: the per-minute limit, what is left of it once
 * this request was counted (`level`, 0 on a 429), and how long until the bucket is full again, as a Go-style duration. Like OpenAI, which
 * enforces a per-minute limit over shorter intervals, the bucket holds only a second's worth, so
 * "remaining" is the bucket's fill scaled to the per-minute limit.
 */
function setLimitHeaders(c: Context, limit: SimRateLimit, level: number): void {
  const remaining = Math.floor((level / limit.burst) * limit.rpm);
  const fullInMs = Math.ceil(((limit.burst - level) * 60_000) / limit.rpm);
  c.header("x-ratelimit-limit-requests", String(limit.rpm));
  c.header("x-ratelimit-remaining-requests", String(remaining));
  c.header("x-ratelimit-reset-requests", `${fullInMs}ms`);
}

/** Waits `ms`, or less if any signal aborts: a client that gives up or a server that closes. */
function hold(ms: number, signals: ReadonlyArray<AbortSignal | undefined>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    for (const signal of signals) {
      signal?.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    }
  });
}

function modelObject(id: string) {
  return { id, object: "model", created: 0, owned_by: fingerprint };
}

function openAIError(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  type: string,
  code: string | null = null,
) {
  return c.json({ error: { message, type, param: null, code } }, status);
}

function completionBody(id: string, model: string, text: string, usage: Usage, maxTokens: number | undefined) {
  const truncated = maxTokens !== undefined && usage.outputTokens >= maxTokens;
  return {
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: fingerprint,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text, refusal: null },
        logprobs: null,
        finish_reason: truncated ? "length" : "stop",
      },
    ],
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
    },
  };
}

type ParsedChatRequest = { model: string; request: LMRequest } | { error: string };

/** The OpenAI chat-completions body → an LMRequest; errors name the field and never echo content. */
export function parseChatRequest(text: string): ParsedChatRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: "the request body is not valid JSON" };
  }
  if (!isRecord(body)) return { error: "the request body must be a JSON object" };
  if (typeof body.model !== "string" || body.model.trim() === "")
    return { error: "`model` must be a non-empty string" };
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return { error: "`messages` must be a non-empty array" };
  }
  const messages: Message[] = [];
  for (const [index, raw] of body.messages.entries()) {
    const message = toMessage(raw);
    if (typeof message === "string") return { error: `\`messages[${index}]\`: ${message}` };
    messages.push(message);
  }
  const request: LMRequest = { messages };
  if (body.temperature !== undefined && body.temperature !== null) {
    if (typeof body.temperature !== "number") return { error: "`temperature` must be a number" };
    request.temperature = body.temperature;
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null) {
    if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)
      return { error: "`max_tokens` must be a positive integer" };
    request.maxTokens = maxTokens as number;
  }
  const format = toResponseFormat(body.response_format);
  if (typeof format === "string") return { error: format };
  if (format) request.responseFormat = format;
  return { model: body.model, request };
}

function toMessage(raw: unknown): Message | string {
  if (!isRecord(raw)) return "must be an object";
  const role = raw.role === "developer" ? "system" : raw.role;
  if (role !== "system" && role !== "user" && role !== "assistant") return "`role` must be system, user or assistant";
  if (typeof raw.content === "string") return { role, content: raw.content };
  if (raw.content === null && role === "assistant") return { role, content: "" };
  if (Array.isArray(raw.content)) {
    const parts = raw.content.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : undefined));
    if (parts.every((p) => p !== undefined)) return { role, content: parts.join("") };
  }
  return "`content` must be a string or an array of text parts";
}

function toResponseFormat(raw: unknown): ResponseFormat | undefined | string {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) return "`response_format` must be an object";
  if (raw.type === "text" || raw.type === "json_object") return { type: raw.type };
  if (raw.type === "json_schema" && isRecord(raw.json_schema)) {
    const { name, schema } = raw.json_schema;
    return {
      type: "json_schema",
      name: typeof name === "string" ? name : "answer",
      schema: isRecord(schema) ? schema : {},
    };
  }
  return "`response_format.type` must be text, json_object or json_schema";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
