import { JSONAdapter, Signature } from "@judgeloop/core";
import { afterAll, describe, expect, it } from "vitest";
import { type SimServer, type SimServerOptions, startSimServer } from "./sim-server.ts";

const judge = Signature.parse("transcript: string -> critique: string, satisfied: boolean").withInstructions(
  "Judge whether the reply addresses the question and offers a concrete next step.",
);
const servers: SimServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serverWith(options: SimServerOptions = {}): Promise<SimServer> {
  const server = await startSimServer(options);
  servers.push(server);
  return server;
}

function messagesFor(customer: string) {
  const transcript = `Customer: ${customer}\nSupport: Sorry about that! Please DM us your record locator.`;
  return new JSONAdapter().format(judge, [], { transcript });
}

function complete(server: SimServer, body: Record<string, unknown>, init: RequestInit = {}) {
  return fetch(`${server.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer anything" },
    body: JSON.stringify(body),
    ...init,
  });
}

describe("startSimServer", () => {
  it("answers chat completions in OpenAI's shape and marks them simulated", async () => {
    // Prepare
    const server = await serverWith();

    // Act
    const response = await complete(server, { model: "sim/strong", messages: messagesFor("my bag is lost") });
    const body = await response.json();

    // Assess
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-judgeloop-simulated")).toBe("true");
    expect(body).toMatchObject({ object: "chat.completion", model: "sim/strong", system_fingerprint: "judgeloop-sim" });
    expect(body.choices[0].finish_reason).toBe("stop");
    expect(typeof new JSONAdapter().parse(judge, body.choices[0].message.content).satisfied).toBe("boolean");
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it("answers the same request with the same content", async () => {
    const server = await serverWith();
    const request = { model: "sim/default", messages: messagesFor("where is my refund?"), temperature: 0.7 };

    const [first, second] = await Promise.all([complete(server, request), complete(server, request)]);

    expect((await first.json()).choices[0].message.content).toBe((await second.json()).choices[0].message.content);
  });

  it("honours max_tokens and a json_object response_format", async () => {
    const server = await serverWith();
    const plain = [{ role: "user", content: "Customer: my flight is delayed\nSupport: ok" }];

    const cut = await (
      await complete(server, { model: "sim/weak", messages: messagesFor("hi"), max_tokens: 3 })
    ).json();
    const json = await (
      await complete(server, { model: "sim/weak", messages: plain, response_format: { type: "json_object" } })
    ).json();

    expect(cut.choices[0].finish_reason).toBe("length");
    expect(cut.usage.completion_tokens).toBeLessThanOrEqual(3);
    expect(() => JSON.parse(json.choices[0].message.content)).not.toThrow();
  });

  it("lists the simulated models", async () => {
    const server = await serverWith();

    const response = await fetch(`${server.baseURL}/models`);
    const body = await response.json();

    expect(body.data.map((m: { id: string }) => m.id)).toContain("sim/strong");
    expect(response.headers.get("x-judgeloop-simulated")).toBe("true");
  });

  it("answers 429 with retry-after once requests exceed the rpm", async () => {
    const server = await serverWith({ rpm: 60 });
    const request = { model: "sim/default", messages: messagesFor("hello") };

    const first = await complete(server, request);
    const second = await complete(server, request);

    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBe("1");
    expect(Number(second.headers.get("retry-after-ms"))).toBeGreaterThan(900);
    expect((await second.json()).error.code).toBe("rate_limit_exceeded");
    expect(server.stats().rateLimited).toBe(1);
  });

  it("injects 5xx errors and malformed answers at the rates of the fault spec", async () => {
    const server = await serverWith({ faults: "503:0.3,malformed:0.3" });
    const outcomes: string[] = [];

    for (let i = 0; i < 80; i++) {
      const response = await complete(server, { model: "sim/default", messages: messagesFor(`question ${i}`) });
      const body = await response.json();
      if (response.status !== 200) outcomes.push(String(response.status));
      else outcomes.push(body.choices[0].message.content.trim().endsWith("}") ? "ok" : "malformed");
    }

    const count = (kind: string) => outcomes.filter((o) => o === kind).length;
    expect(count("503")).toBeGreaterThan(10);
    expect(count("malformed")).toBeGreaterThan(5);
    expect(count("ok")).toBeGreaterThan(15);
  });

  it("holds a timeout fault until the client gives up", async () => {
    const server = await serverWith({ faults: "timeout:1", timeoutFaultMs: 10_000 });

    const attempt = complete(
      server,
      { model: "sim/default", messages: messagesFor("hi") },
      { signal: AbortSignal.timeout(200) },
    );

    await expect(attempt).rejects.toMatchObject({ name: "TimeoutError" });
    expect(server.stats().timeouts).toBe(1);
  });

  it("answers a timeout fault with 504 once the hold is over", async () => {
    const server = await serverWith({ faults: "timeout:1", timeoutFaultMs: 20 });

    const response = await complete(server, { model: "sim/default", messages: messagesFor("hi") });

    expect(response.status).toBe(504);
  });

  it("rejects a malformed body with 400 naming the field", async () => {
    const server = await serverWith();

    const response = await complete(server, { model: "sim/default", messages: [{ role: "robot", content: "hi" }] });

    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe("`messages[0]`: `role` must be system, user or assistant");
  });
});
