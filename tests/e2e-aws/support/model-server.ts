import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createSimApp } from "@judgeloop/local";
import { Hono } from "hono";

/** An OpenAI-compatible server on 127.0.0.1: recorded `/v1/models`, simulated chat completions. */
export interface ModelServer {
  /** For OPENAI_BASE_URL, e.g. `http://127.0.0.1:54321/v1`. */
  baseURL: string;
  /** How many times the model list was asked for. */
  readonly listings: number;
  close(): Promise<void>;
}

/**
 * Serves a recorded OpenAI `GET /v1/models` response (a JSON file) and answers every chat
 * completion with the simulator, as `judgeloop sim serve` does, whatever the model is called.
 *
 * @example
 * const server = await startModelServer(new URL("../fixtures/openai-models-night.json", import.meta.url));
 * process.env.OPENAI_BASE_URL = server.baseURL;
 */
export async function startModelServer(recordedModels: URL): Promise<ModelServer> {
  const listing = JSON.parse(readFileSync(recordedModels, "utf8")) as unknown;
  const simulator = createSimApp();
  let listings = 0;
  const app = new Hono();
  app.get("/v1/models", (c) => {
    listings++;
    return c.json(listing as Record<string, unknown>);
  });
  app.all("*", (c) => simulator.app.fetch(c.req.raw));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get listings() {
      return listings;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
