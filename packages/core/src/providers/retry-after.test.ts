import { describe, expect, it } from "vitest";
import {
  parseDuration,
  parseRetryAfterValue,
  rateLimitResetMs,
  retryAfterMsFromHeaders,
  retryDelayFromGoogleErrorBody,
} from "./retry-after.ts";

const now = Date.parse("2026-03-01T12:00:00Z");

describe("parseDuration", () => {
  it.each([
    ["1s", 1000],
    ["6m0s", 360_000],
    ["20ms", 20],
    ["1h2m3.5s", 3_723_500],
    ["0.300s", 300],
    ["23s", 23_000],
    ["2", 2000],
    ["250us", 0.25],
  ])("reads %s as %d ms", (text, expected) => {
    expect(parseDuration(text)).toBeCloseTo(expected, 6);
  });

  it.each(["", "soon", "5 minutes", "1x", "s"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("parseRetryAfterValue", () => {
  it("reads delay-seconds, fractions included", () => {
    expect(parseRetryAfterValue("3", now)).toBe(3000);
    expect(parseRetryAfterValue("1.5", now)).toBe(1500);
  });

  it("reads an HTTP date relative to now", () => {
    expect(parseRetryAfterValue("Sun, 01 Mar 2026 12:00:05 GMT", now)).toBe(5000);
  });

  it("clamps a date in the past to zero and rejects garbage", () => {
    expect(parseRetryAfterValue("Sun, 01 Mar 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfterValue("later", now)).toBeUndefined();
  });
});

describe("rateLimitResetMs", () => {
  it("waits for the exhausted OpenAI budget", () => {
    const headers = new Headers({
      "x-ratelimit-remaining-requests": "42",
      "x-ratelimit-reset-requests": "120ms",
      "x-ratelimit-remaining-tokens": "0",
      "x-ratelimit-reset-tokens": "6m0s",
    });

    expect(rateLimitResetMs(headers, now)).toBe(360_000);
  });

  it("waits for the soonest reset when none reports zero remaining", () => {
    const headers = new Headers({ "x-ratelimit-reset-requests": "1s", "x-ratelimit-reset-tokens": "6m0s" });

    expect(rateLimitResetMs(headers, now)).toBe(1000);
  });

  it("reads Anthropic's RFC 3339 reset times", () => {
    const headers = new Headers({
      "anthropic-ratelimit-requests-remaining": "0",
      "anthropic-ratelimit-requests-reset": "2026-03-01T12:00:12Z",
      "anthropic-ratelimit-tokens-remaining": "9000",
      "anthropic-ratelimit-tokens-reset": "2026-03-01T12:00:40Z",
    });

    expect(rateLimitResetMs(headers, now)).toBe(12_000);
  });

  it("is undefined without reset headers", () => {
    expect(rateLimitResetMs(new Headers(), now)).toBeUndefined();
  });
});

describe("retryAfterMsFromHeaders", () => {
  it("prefers retry-after-ms, then retry-after, then reset headers", () => {
    const all = { "retry-after-ms": "250", "retry-after": "3", "x-ratelimit-reset-requests": "9s" };
    const { "retry-after-ms": _ms, ...withoutMs } = all;
    const { "retry-after": _s, ...resetOnly } = withoutMs;

    expect(retryAfterMsFromHeaders(new Headers(all), now)).toBe(250);
    expect(retryAfterMsFromHeaders(new Headers(withoutMs), now)).toBe(3000);
    expect(retryAfterMsFromHeaders(new Headers(resetOnly), now)).toBe(9000);
  });

  it("is undefined for missing headers", () => {
    expect(retryAfterMsFromHeaders(undefined, now)).toBeUndefined();
    expect(retryAfterMsFromHeaders(new Headers({ "content-type": "application/json" }), now)).toBeUndefined();
  });
});

describe("retryDelayFromGoogleErrorBody", () => {
  it("reads the RetryInfo detail", () => {
    const body = {
      error: {
        code: 429,
        details: [
          { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [] },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "36.5s" },
        ],
      },
    };

    expect(retryDelayFromGoogleErrorBody(body)).toBe(36_500);
  });

  it("is undefined for bodies without RetryInfo", () => {
    expect(retryDelayFromGoogleErrorBody({ error: { details: [] } })).toBeUndefined();
    expect(retryDelayFromGoogleErrorBody("not json")).toBeUndefined();
  });
});
