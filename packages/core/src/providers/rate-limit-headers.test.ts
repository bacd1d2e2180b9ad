import { describe, expect, it } from "vitest";
import { rateLimitSnapshotFromHeaders } from "./rate-limit-headers.ts";
import { recordedHeaders } from "./testing/recorded-headers.ts";

/** A recorded response's headers as fetch Headers, and when it was recorded. */
function recorded(name: string): { headers: Headers; at: number } {
  const { headers, at } = recordedHeaders(name);
  return { headers: new Headers(headers), at };
}

describe("rateLimitSnapshotFromHeaders", () => {
  it("reads OpenAI's limits, remaining budgets and duration resets from a recorded response", () => {
    const { headers, at } = recorded("openai-chat-completion-200.json");

    expect(rateLimitSnapshotFromHeaders(headers, at)).toEqual({
      requests: { limit: 15_000, remaining: 9999, resetMs: 4 },
      tokens: { limit: 2_000_000, remaining: 999_910, resetMs: 2 },
    });
  });

  it("reads Anthropic's limits and turns its RFC 3339 resets into waits from a recorded response", () => {
    const { headers, at } = recorded("anthropic-messages-200.json");

    expect(rateLimitSnapshotFromHeaders(headers, at)).toEqual({
      requests: { limit: 5, remaining: 5, resetMs: 60_000 },
      tokens: { limit: 10_000, remaining: 10_000, resetMs: 60_000 },
    });
  });

  it("adds the wait a 429 asks for, retry-after-ms before retry-after", () => {
    const headers = new Headers({
      "retry-after": "1",
      "retry-after-ms": "20",
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": "6m0s",
    });

    expect(rateLimitSnapshotFromHeaders(headers, 0)).toEqual({
      requests: { remaining: 0, resetMs: 360_000 },
      retryAfterMs: 20,
    });
  });

  it("leaves out a value it cannot read instead of guessing", () => {
    const headers = new Headers({ "x-ratelimit-limit-requests": "lots", "x-ratelimit-reset-requests": "soon" });

    expect(rateLimitSnapshotFromHeaders(headers, 0)).toBeUndefined();
  });

  it("is undefined for a response without rate-limit headers", () => {
    expect(rateLimitSnapshotFromHeaders(new Headers({ "content-type": "application/json" }), 0)).toBeUndefined();
    expect(rateLimitSnapshotFromHeaders(undefined, 0)).toBeUndefined();
  });
});
