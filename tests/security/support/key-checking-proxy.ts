import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createSimApp } from "@judgeloop/local";

export interface KeyCheckingProxy {
  /** Base URL for OPENAI_BASE_URL, e.g. `http://127.0.0.1:54321/v1`. */
  baseURL: string;
  /** Requests that carried `Authorization: Bearer <the expected key>`. */
  authorized(): number;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible endpoint on 127.0.0.1 that demands one API key. With `reject: false` it
 * answers from the simulator when the key matches; with `reject: true` it answers every request
 * 401 and, like a careless upstream, echoes the Authorization header it got in the error body,
 * so any client that passes provider error text through would leak the key.
 *
 * @example
 * const proxy = await startKeyCheckingProxy("sk-test-FAKE-…", { reject: false });
 */
export async function startKeyCheckingProxy(key: string, options: { reject: boolean }): Promise<KeyCheckingProxy> {
  const sim = createSimApp({}).app;
  let authorized = 0;
  const fetch = async (request: Request): Promise<Response> => {
    const header = request.headers.get("authorization") ?? "";
    if (header === `Bearer ${key}`) authorized++;
    if (options.reject || header !== `Bearer ${key}`) {
      const message = `Incorrect API key provided: ${header}`;
      return Response.json(
        { error: { message, type: "invalid_request_error", code: "invalid_api_key" } },
        { status: 401 },
      );
    }
    return sim.fetch(request);
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    authorized: () => authorized,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
