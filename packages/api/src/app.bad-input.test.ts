import { describe, expect, it } from "vitest";
import { apiHarness } from "./testing/api-harness.ts";
import { badRequests } from "./testing/bad-requests.ts";

describe("createApp bad input", () => {
  it.each(badRequests)("answers $name with $status ($code) and stores nothing", async (request) => {
    // Prepare
    const api = apiHarness({ limits: { maxDatasetBytes: 4000, maxBodyBytes: 2000, maxDatasetRows: 5 } });
    const keysBefore = await api.artifacts.list("");

    // Act
    const init = {
      method: request.method ?? "POST",
      body: request.body,
      ...(request.headers && { headers: request.headers }),
    };
    const response = await api.call(request.path, init);
    const body = (await response.json()) as { error: { code: string; message: string; field?: string } };

    // Assess
    expect(response.status).toBe(request.status);
    expect(body.error.code).toBe(request.code);
    if (request.field !== undefined) expect(body.error.field).toBe(request.field);
    if (request.message !== undefined) expect(body.error.message).toMatch(request.message);
    expect(Object.keys(body)).toEqual(["error"]);
    expect(api.writes()).toBe(0);
    expect(await api.artifacts.list("")).toEqual(keysBefore);
    expect(await api.runStore.listRuns()).toEqual([]);
  });

  it("never echoes a request body's text in its error", async () => {
    const api = apiHarness();
    const marker = "SECRET-CONVERSATION-TEXT";

    const response = await api.call("/v1/datasets", {
      method: "POST",
      body: `{"name": "x", "rows": [{"conversation": "${marker}`,
    });

    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain(marker);
    expect(JSON.stringify(api.logs)).not.toContain(marker);
  });
});
