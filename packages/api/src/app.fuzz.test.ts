import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiHarness } from "./testing/api-harness.ts";

const bodyRoutes = ["/v1/datasets", "/v1/runs", "/v1/programs/airline-support/promote"];

/** Sends `body` to every route that takes one; returns the statuses and whether anything was written. */
async function sendEverywhere(body: string) {
  const api = apiHarness({ limits: { maxBodyBytes: 4096, maxDatasetBytes: 8192 } });
  const answers = [];
  for (const path of bodyRoutes) {
    const response = await api.call(path, { method: "POST", body, headers: { "idempotency-key": "fuzz" } });
    answers.push({ status: response.status, body: (await response.json()) as { error?: { code?: unknown } } });
  }
  return { answers, writes: api.writes() };
}

describe("createApp under arbitrary bodies", () => {
  it("refuses any text that is not a valid request with a 4xx error body, storing nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }), async (text) => {
        const { answers, writes } = await sendEverywhere(text);

        for (const answer of answers) {
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(typeof answer.body.error?.code).toBe("string");
        }
        expect(writes).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it("never fails with a 5xx on any JSON value, and stores nothing when it refuses", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        const { answers, writes } = await sendEverywhere(JSON.stringify(value));

        for (const answer of answers) expect(answer.status).toBeLessThan(500);
        if (answers.every((answer) => answer.status >= 400)) expect(writes).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
