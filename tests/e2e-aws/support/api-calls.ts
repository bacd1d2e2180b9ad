import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { handler as api } from "../../../functions/api.ts";
import { apiToken } from "./aws-stack.ts";

/**
 * An API Gateway HTTP API (payload 2.0) event, as the function URL and the HTTP API send.
 *
 * @example
 * await call(httpEvent("POST", "/v1/runs", { body, headers: { "Idempotency-Key": "k1" } }));
 */
export function httpEvent(
  method: string,
  path: string,
  options: { body?: unknown; auth?: boolean; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {
    host: "api.example.test",
    "content-type": "application/json",
    ...options.headers,
  };
  if (options.auth !== false) headers.authorization = `Bearer ${apiToken}`;
  const [rawPath = path, rawQueryString = ""] = path.split("?");
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "api.example.test",
      domainPrefix: "api",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "vitest" },
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

/**
 * Invokes the API function with an event and parses its JSON answer (`text` keeps a non-JSON body).
 *
 * @example
 * const { status, body } = await call(httpEvent("GET", "/v1/runs/run-1"));
 */
export async function call(
  event: APIGatewayProxyEventV2,
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = (await api(event as unknown as Parameters<typeof api>[0])) as { statusCode: number; body: string };
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    body = {};
  }
  return { status: response.statusCode, body, text: response.body };
}
