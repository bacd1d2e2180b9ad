import { newRunRecord } from "@judgeloop/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as api } from "../../functions/api.ts";
import { S3ProgramRegistry } from "../../functions/programs/s3-program-registry.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { judgeProgram } from "./support/optimization-fixture.ts";

const token = "e2e-token-0123456789abcdef";
let stack: AwsStack;

beforeAll(async () => {
  stack = await startAwsStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** An API Gateway HTTP API (payload 2.0) event, as the function URL and the HTTP API send. */
function httpEvent(
  method: string,
  path: string,
  options: { body?: unknown; auth?: boolean } = {},
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { host: "api.example.test", "content-type": "application/json" };
  if (options.auth !== false) headers.authorization = `Bearer ${token}`;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers,
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "api.example.test",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "vitest" },
      requestId: "request-1",
      routeKey: "$default",
      stage: "$default",
      time: "01/Jan/2025:00:00:00 +0000",
      timeEpoch: 1735689600000,
    },
    isBase64Encoded: false,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  };
}

async function call(event: APIGatewayProxyEventV2): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = (await api(event as unknown as Parameters<typeof api>[0])) as { statusCode: number; body: string };
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
}

describe("the API function (functions/api.ts)", () => {
  it("serves a run from DynamoDB to a caller with the linked token, and refuses one without", async () => {
    // Prepare
    const now = new Date().toISOString();
    await stack.runStore.createRun(newRunRecord({ id: "run-api-1", kind: "optimize", input: {}, now }));

    // Act
    const allowed = await call(httpEvent("GET", "/v1/runs/run-api-1"));
    const refused = await call(httpEvent("GET", "/v1/runs/run-api-1", { auth: false }));

    // Assess
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ id: "run-api-1", status: "queued" });
    expect(refused.status).toBe(401);
  });

  it("lists and promotes program versions kept in S3", async () => {
    // Prepare
    const programs = new S3ProgramRegistry(stack.artifacts);
    const recipe = {
      trainsetKey: "t.json",
      holdoutKey: "h.json",
      metric: { kind: "exact" as const, field: "x" },
      proposerModel: "sim/strong",
    };
    await programs.create("support", recipe, {
      state: judgeProgram().toState(),
      createdAt: "2025-01-01T00:00:00.000Z",
    });
    await programs.addVersion("support", {
      state: judgeProgram().toState(),
      createdAt: "2025-01-02T00:00:00.000Z",
      runId: "run-2",
      score: 0.8,
    });

    // Act
    const promoted = await call(httpEvent("POST", "/v1/programs/support/promote", { body: { version: "v2" } }));
    const listed = await call(httpEvent("GET", "/v1/programs/support/versions"));
    const unknown = await call(httpEvent("POST", "/v1/programs/support/promote", { body: { version: "v9" } }));

    // Assess
    expect(promoted).toEqual({ status: 200, body: { name: "support", champion: "v2", previous: "v1" } });
    expect(listed.body).toMatchObject({ name: "support", champion: "v2" });
    expect((listed.body.versions as unknown[]).length).toBe(2);
    expect(unknown.status).toBe(404);
  });
});
