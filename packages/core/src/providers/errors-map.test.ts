import { describe, expect, it } from "vitest";
import { isRetryable } from "../lm/errors.ts";
import { httpFailureKind, lmErrorFromHttpFailure, transportLMError } from "./errors-map.ts";

const context = { provider: "openai", model: "gpt-4o-mini" };

describe("httpFailureKind", () => {
  it.each([
    [429, undefined, undefined, "rate_limit"],
    [429, "insufficient_quota", undefined, "bad_request"],
    [408, undefined, undefined, "timeout"],
    [500, undefined, undefined, "server"],
    [503, undefined, undefined, "server"],
    [529, "overloaded_error", undefined, "server"],
    [401, undefined, undefined, "auth"],
    [403, undefined, undefined, "auth"],
    [400, "API_KEY_INVALID", undefined, "auth"],
    [400, "context_length_exceeded", undefined, "context_window"],
    [400, undefined, "prompt is too long: 210000 tokens > 200000 maximum", "context_window"],
    [413, "request_too_large", undefined, "context_window"],
    [400, "content_filter", undefined, "content_filter"],
    [400, undefined, "blocked by our content policy", "content_filter"],
    [400, "invalid_request_error", "temperature must be ≤ 2", "bad_request"],
    [404, "model_not_found", undefined, "bad_request"],
    [422, undefined, undefined, "bad_request"],
  ] as const)("maps %d %s %s to %s", (status, code, detail, expected) => {
    expect(httpFailureKind(status, code, detail)).toBe(expected);
  });
});

describe("lmErrorFromHttpFailure", () => {
  it("names provider, model, status, code and retry-after, and is retryable for 429", () => {
    const error = lmErrorFromHttpFailure({ ...context, status: 429, retryAfterMs: 1500, code: "rate_limit_exceeded" });

    expect(error.message).toBe("openai gpt-4o-mini: HTTP 429 rate limited [rate_limit_exceeded]; retry after 1500 ms");
    expect(error).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 1500 });
    expect(isRetryable(error)).toBe(true);
  });

  it("never copies the provider's detail text or a non-identifier code into the message", () => {
    const error = lmErrorFromHttpFailure({
      ...context,
      status: 400,
      code: "bad input: my secret prompt",
      detail: "Your prompt 'my secret prompt' is invalid",
    });

    expect(String(error)).not.toContain("secret");
    expect(error.cause).toBeUndefined();
  });
});

describe("transportLMError", () => {
  it("reports cancelled when the caller's signal aborted", () => {
    const controller = new AbortController();
    controller.abort();

    expect(transportLMError(new Error("boom"), context, controller.signal, 1000).kind).toBe("cancelled");
  });

  it("reports an AbortError without a caller abort as a timeout", () => {
    const abort = new DOMException("This operation was aborted", "AbortError");

    expect(transportLMError(abort, context, undefined, 1000)).toMatchObject({ kind: "timeout" });
  });

  it("reports a network failure as server with its errno code", () => {
    const failure = new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ECONNRESET" }) });

    const error = transportLMError(failure, context, undefined, 1000);

    expect(error.kind).toBe("server");
    expect(error.message).toContain("ECONNRESET");
  });
});
