import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./api-error.ts";

/** Request limits; every field has a default (see `defaultApiLimits`). */
export interface ApiLimits {
  /** Largest JSON body of any route but the dataset upload, in bytes. */
  maxBodyBytes: number;
  /** Largest dataset upload (`POST /v1/datasets`), in bytes. */
  maxDatasetBytes: number;
  /** Most rows one upload may hold. */
  maxDatasetRows: number;
  /** Deepest nesting of arrays and objects a JSON body may have. */
  maxJsonDepth: number;
  /** Highest `budget.capUsd` a run may ask for: with `maxActiveRuns`, it bounds a burst's dollars. */
  maxRunCapUsd: number;
  /** Runs queued or running at once; a new run beyond it gets 429. */
  maxActiveRuns: number;
}

/**
 * Defaults that fit a Lambda request (6 MB) with room to spare.
 *
 * @example
 * createApp({ ...deps, limits: { ...defaultApiLimits, maxRunCapUsd: 5 } });
 */
export const defaultApiLimits: ApiLimits = {
  maxBodyBytes: 256 * 1024,
  maxDatasetBytes: 5 * 1024 * 1024,
  maxDatasetRows: 20_000,
  maxJsonDepth: 32,
  maxRunCapUsd: 50,
  maxActiveRuns: 20,
};

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

/**
 * Refuses an oversized body with 413 (the dataset upload has its own, larger limit), then a
 * JSON body that does not parse or nests too deeply with 400, before any route sees it. The
 * depth check keeps recursive code later on (hashing, canonical JSON) from overflowing its stack.
 *
 * @example
 * app.use("/v1/*", bodyGuard(limits));
 */
export function bodyGuard(limits: ApiLimits): MiddlewareHandler {
  const tooLarge = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError(413, "payload_too_large", `the request body is larger than ${maxSize} bytes`);
      },
    });
  const general = tooLarge(limits.maxBodyBytes);
  const upload = tooLarge(limits.maxDatasetBytes);
  return async (c, next) => {
    const isUpload = c.req.method === "POST" && c.req.path === "/v1/datasets";
    await (isUpload ? upload : general)(c, async () => {
      await checkJsonBody(await bodyTextIfJson(c.req), limits.maxJsonDepth);
      await next();
    });
  };
}

async function bodyTextIfJson(req: { header(name: string): string | undefined; text(): Promise<string> }) {
  const mediaType = (req.header("content-type") ?? "").split(";")[0]?.trim() ?? "";
  return jsonMediaType.test(mediaType) ? req.text() : undefined;
}

async function checkJsonBody(text: string | undefined, maxDepth: number): Promise<void> {
  // An empty body is left to the route: fine where none is expected, "required" where one is.
  if (text === undefined || text === "") return;
  if (jsonDepthExceeds(text, maxDepth)) {
    throw new ApiError(400, "invalid_request", `the request body nests deeper than ${maxDepth} levels`, "body");
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, "malformed_json", `the request body is not valid JSON (${syntaxReason(error, text)})`);
  }
}

/**
 * True when arrays and objects in `text` nest deeper than `maxDepth`. A linear scan that skips
 * strings, run before parsing so that depth costs nothing to refuse.
 *
 * @example
 * jsonDepthExceeds('{"a": [[1]]}', 2); // true
 */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") {
      if (++depth > maxDepth) return true;
    } else if (char === "}" || char === "]") depth--;
  }
  return false;
}

/** Where parsing failed, without quoting the body (V8 messages quote a slice of it). */
function syntaxReason(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : "";
  const position = Number(/position (\d+)/.exec(message)?.[1] ?? Number.NaN);
  if (/end of (JSON )?input/i.test(message) || position >= text.length) return "it ends too early";
  return Number.isNaN(position) ? "syntax error" : `syntax error at character ${position + 1}`;
}
