import { describe, expect, it } from "vitest";
import { defaultRetryBackoff, readRetryBackoff, retryDelaySeconds } from "./retry-backoff.ts";

describe("retryDelaySeconds", () => {
  const backoff = { baseSeconds: 10, maxSeconds: 300 };

  it("doubles with each receive, between half and all of it, and stops at the cap", () => {
    const lowest = [1, 2, 3, 4, 5, 9].map((count) => retryDelaySeconds(count, backoff, () => 0));
    const highest = [1, 2, 3, 4, 5, 9].map((count) => retryDelaySeconds(count, backoff, () => 1));

    expect(lowest).toEqual([5, 10, 20, 40, 80, 150]);
    expect(highest).toEqual([10, 20, 40, 80, 160, 300]);
  });

  it("never retries at once, and refuses a receive count SQS cannot report", () => {
    expect(retryDelaySeconds(1, { baseSeconds: 1, maxSeconds: 1 }, () => 0)).toBe(1);
    expect(() => retryDelaySeconds(0, backoff)).toThrow("receiveCount must be a whole number >= 1, got 0");
  });
});

describe("readRetryBackoff", () => {
  it("reads the variables, names a bad one, and falls back to the defaults", () => {
    expect(readRetryBackoff({})).toEqual(defaultRetryBackoff);
    expect(readRetryBackoff({ JUDGELOOP_RETRY_BASE_SECONDS: "2", JUDGELOOP_RETRY_MAX_SECONDS: "60" })).toEqual({
      baseSeconds: 2,
      maxSeconds: 60,
    });
    expect(() => readRetryBackoff({ JUDGELOOP_RETRY_MAX_SECONDS: "0.5" })).toThrow(
      'JUDGELOOP_RETRY_MAX_SECONDS must be a whole number from 1 to 43200, got "0.5"',
    );
  });
});
