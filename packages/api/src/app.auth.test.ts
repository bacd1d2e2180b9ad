import { InMemoryArtifactStore, InMemoryRunStore } from "@judgeloop/core";
import { describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { tokensMatch } from "./auth.ts";
import { apiHarness, testToken } from "./testing/api-harness.ts";

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

/** Every (method, path) the OpenAPI document lists, with path parameters filled in. */
async function documentedOperations(): Promise<{ method: string; path: string; template: string }[]> {
  const doc = (await (await apiHarness().app.request("/openapi.json")).json()) as OpenApiDocument;
  return Object.entries(doc.paths).flatMap(([template, operations]) =>
    Object.keys(operations).map((method) => ({
      method: method.toUpperCase(),
      template,
      path: template.replace(/\{(\w+)\}/g, (_, name: string) => (name === "id" ? "3f2a9c" : "airline-support")),
    })),
  );
}

describe("createApp authentication", () => {
  it("documents every stable route, and only /healthz without the bearer scheme", async () => {
    // Act
    const doc = (await (await apiHarness().app.request("/openapi.json")).json()) as OpenApiDocument;

    // Assess
    expect(doc.openapi).toBe("3.1.0");
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(routes.sort()).toEqual([
      "get /healthz",
      "get /v1/datasets/{id}",
      "get /v1/programs/{name}/versions",
      "get /v1/runs",
      "get /v1/runs/{id}",
      "get /v1/runs/{id}/report",
      "get /v1/runs/{id}/trials",
      "post /v1/datasets",
      "post /v1/programs/{name}/promote",
      "post /v1/runs",
      "post /v1/runs/{id}/cancel",
      "post /v1/synthesize",
    ]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const op of Object.values(ops)) {
        expect(op.security).toEqual(path === "/healthz" ? [] : [{ bearerAuth: [] }]);
      }
    }
  });

  it("answers every documented /v1 route with the same 401 for a missing, wrong or malformed token", async () => {
    // Prepare
    const api = apiHarness();
    const operations = (await documentedOperations()).filter((op) => op.template.startsWith("/v1/"));
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong-token-0123456789abcdef" },
      { authorization: `Bearer ${testToken}x` },
      { authorization: `Basic ${testToken}` },
      { authorization: testToken },
      { authorization: "Bearer " },
    ];

    // Act
    const answers: { status: number; body: string; challenge: string | null }[] = [];
    for (const { method, path } of operations) {
      for (const headers of attempts) {
        const body = method === "POST" ? "{}" : undefined;
        const init = { method, headers: { ...headers, "content-type": "application/json" }, ...(body && { body }) };
        const response = await api.app.request(path, init);
        answers.push({
          status: response.status,
          body: await response.text(),
          challenge: response.headers.get("www-authenticate"),
        });
      }
    }

    // Assess
    expect(operations).toHaveLength(11);
    expect(answers).toHaveLength(11 * attempts.length);
    for (const answer of answers) {
      expect(answer).toEqual({
        status: 401,
        body: JSON.stringify({ error: { code: "unauthorized", message: "a valid bearer token is required" } }),
        challenge: 'Bearer realm="judgeloop"',
      });
    }
    expect(api.writes()).toBe(0);
  });

  it("answers unknown /v1 paths with 401 before 404, so routes cannot be discovered without the token", async () => {
    const api = apiHarness();

    const anonymous = await api.app.request("/v1/secrets");
    const authorized = await api.call("/v1/secrets");

    expect(anonymous.status).toBe(401);
    expect(authorized.status).toBe(404);
  });

  it("serves /healthz and /openapi.json without a token", async () => {
    const api = apiHarness();

    const health = await api.app.request("/healthz");
    const doc = await api.app.request("/openapi.json");

    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(doc.status).toBe(200);
  });

  it("marks every response, errors included, as not to be cached or sniffed, with a request id", async () => {
    const api = apiHarness();

    const responses = [await api.app.request("/healthz"), await api.app.request("/v1/runs/run-1")];

    for (const response of responses) {
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(api.logs.map((entry) => [entry.path, entry.status, entry.code])).toEqual([
      ["/healthz", 200, undefined],
      ["/v1/runs/run-1", 401, "unauthorized"],
    ]);
  });

  it("accepts the right token in any letter case of the scheme", async () => {
    const api = apiHarness();

    const response = await api.app.request("/v1/runs/run-1", { headers: { authorization: `bearer ${testToken}` } });

    expect(response.status).toBe(404);
  });

  it("refuses to build an app whose token is too short to be a secret", () => {
    const deps = { runStore: new InMemoryRunStore(), artifacts: new InMemoryArtifactStore(), token: "short" };
    const runs = apiHarness().runs;

    expect(() => createApp({ ...deps, runs })).toThrow(/at least 16 characters/);
  });
});

describe("tokensMatch", () => {
  it("is true only for the identical token, whatever the lengths", () => {
    expect(tokensMatch(testToken, testToken)).toBe(true);
    expect(tokensMatch(testToken.slice(0, -1), testToken)).toBe(false);
    expect(tokensMatch(`${testToken}0`, testToken)).toBe(false);
    expect(tokensMatch("", testToken)).toBe(false);
  });
});
