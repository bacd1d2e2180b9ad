import { RateLimiterRegistry, rateLimitKey, withRateLimit, withRetry } from "@judgeloop/core";
import { OpenAILM } from "@judgeloop/core/providers";
import { afterAll, describe, expect, it } from "vitest";
import { type SimServer, type SimServerOptions, startSimServer } from "./sim-server.ts";

const servers: SimServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serverWith(options: SimServerOptions): Promise<SimServer> {
  const server = await startSimServer(options);
  servers.push(server);
  return server;
}

const body = (i: number) =>
  JSON.stringify({ model: "sim/default", messages: [{ role: "user", content: `question ${i}` }] });

async function post(server: SimServer, i: number): Promise<Response> {
  const response = await fetch(`${server.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body(i),
  });
  await response.arrayBuffer();
  return response;
}

/** Runs `calls` requests through the real OpenAI provider, limiter and retries, `concurrency` at a time. */
async function runThrough(server: SimServer, calls: number, concurrency: number) {
  const registry = new RateLimiterRegistry();
  const provider = new OpenAILM({ model: "sim/default", apiKey: "simulated", baseURL: server.baseURL });
  const lm = withRetry(withRateLimit(provider, registry));
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < calls) {
      const i = next++;
      await lm.call({ messages: [{ role: "user", content: `question ${i}` }] }).catch(() => void failed++);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { failed, limiter: registry.limiterFor(rateLimitKey(provider)).stats };
}

describe("startSimServer rate-limit modes", () => {
  it("sends OpenAI's x-ratelimit-*-requests on every answer in the openai mode", async () => {
    // One request per 10 s: the second is refused however slowly a loaded machine answers the first.
    const server = await serverWith({ rpm: 6, rateLimitHeaders: "openai" });

    const ok = await post(server, 1);
    const refused = await post(server, 2);

    expect(ok.headers.get("x-ratelimit-limit-requests")).toBe("6");
    expect(ok.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(refused.headers.get("x-ratelimit-reset-requests")).toMatch(/^\d+ms$/);
    expect(refused.headers.get("retry-after-ms")).not.toBeNull();
  });

  it("reports what is left as a share of the per-minute limit, as OpenAI does", async () => {
    const server = await serverWith({ rpm: 120, rateLimitHeaders: "openai" });

    const first = await post(server, 1);

    // The bucket holds a second's worth (2); one taken leaves 1 of 2, i.e. 60 of 120, full in 500 ms.
    expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("60");
    expect(first.headers.get("x-ratelimit-reset-requests")).toBe("500ms");
  });

  it("discloses nothing in advance in the retry-after mode, only the wait on a 429", async () => {
    const server = await serverWith({ rpm: 60, rateLimitHeaders: "retry-after" });

    const ok = await post(server, 1);
    const refused = await post(server, 2);

    expect(ok.headers.get("x-ratelimit-limit-requests")).toBeNull();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-ratelimit-remaining-requests")).toBeNull();
    expect(Number(refused.headers.get("retry-after-ms"))).toBeGreaterThan(900);
  });

  it("answers a bare 429 in the none mode", async () => {
    const server = await serverWith({ rpm: 60, rateLimitHeaders: "none" });

    await post(server, 1);
    const refused = await post(server, 2);

    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(refused.headers.get("retry-after-ms")).toBeNull();
  });

  it("injects extra 429s at the rate the fault spec gives, with no RPM at all", async () => {
    const server = await serverWith({ faults: "429:0.3" });

    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await post(server, i)).status);

    const refused = statuses.filter((s) => s === 429).length;
    expect(refused).toBeGreaterThan(8);
    expect(refused).toBeLessThan(30);
    expect(server.stats().rateLimited).toBe(refused);
  });
});

describe("the OpenAI provider behind the learning rate limiter, against sim serve", () => {
  it("loses no call to an undisclosed RPM with 3% extra 429s and 3% 500s, and learns a rate near it", async () => {
    const server = await serverWith({
      rpm: 3000,
      latencyMs: 20,
      rateLimitHeaders: "retry-after",
      faults: "429:0.03,500:0.03",
    });

    const { failed, limiter } = await runThrough(server, 200, 16);

    expect(failed).toBe(0);
    expect(server.stats().completed).toBe(200);
    expect(server.stats().rateLimited).toBeGreaterThan(0);
    expect(limiter.rpm).toBeGreaterThan(1500);
    expect(limiter.rpm).toBeLessThan(4500);
  });

  it("paces at the limit the openai-mode headers disclose", async () => {
    const server = await serverWith({ rpm: 3000, latencyMs: 20, rateLimitHeaders: "openai" });

    const { failed, limiter } = await runThrough(server, 60, 8);

    expect(failed).toBe(0);
    expect(limiter.rpm).toBe(3000);
  });
});
