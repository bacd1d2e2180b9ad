import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ApiApp } from "./api-deps.ts";

export interface ApiServer {
  /** e.g. `http://127.0.0.1:8787` */
  url: string;
  port: number;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves the app on 127.0.0.1 with Node's HTTP server; port 0 picks a free one. Only the
 * loopback interface is bound: exposing the API beyond the machine is a deployment decision
 * (a reverse proxy with TLS, or the Lambda function), not a flag.
 *
 * @example
 * const server = await startApiServer(createApp(deps), { port: 0 });
 * await fetch(`${server.url}/healthz`);
 * await server.close();
 */
export async function startApiServer(app: ApiApp, options: { port: number }): Promise<ApiServer> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: options.port }, () => resolve(started));
    started.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
