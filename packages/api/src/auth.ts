import { createHash, timingSafeEqual } from "node:crypto";
import { JudgeloopError } from "@judgeloop/core";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./api-error.ts";

/** Shorter tokens are refused at start-up: they could be guessed. */
export const minimumTokenLength = 16;

/**
 * True when `presented` is `expected`, in time that depends on neither: both are hashed to
 * equal-length sha256 digests first, so neither their content nor their length leaks through
 * timing.
 *
 * @example
 * tokensMatch("s3cret-token-0123", process.env.JUDGELOOP_API_TOKEN ?? ""); // boolean
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

/**
 * Requires `Authorization: Bearer <token>`. Every refusal is the same 401 (missing header,
 * another scheme, a wrong token), so a caller learns nothing about which part was wrong.
 *
 * @example
 * app.use("/v1/*", bearerAuth(token));
 */
export function bearerAuth(token: string): MiddlewareHandler {
  checkToken(token);
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header);
    if (!match?.[1] || !tokensMatch(match[1], token)) {
      c.header("WWW-Authenticate", 'Bearer realm="judgeloop"');
      throw new ApiError(401, "unauthorized", "a valid bearer token is required");
    }
    await next();
  };
}

/** Throws unless the configured token is long enough to be a secret. */
function checkToken(token: string): void {
  if (typeof token !== "string" || token.length < minimumTokenLength) {
    const reason = `the API token must be at least ${minimumTokenLength} characters (set JUDGELOOP_API_TOKEN)`;
    throw new JudgeloopError("bad_api_token", reason);
  }
}
