import { JSONAdapter, Signature } from "@judgeloop/core";
import { afterAll, describe, expect, it } from "vitest";
import { type SimServer, startSimServer } from "./sim-server.ts";

const judge = Signature.parse("transcript: string -> satisfied: boolean").withInstructions("Judge the reply.");
// Passes the default world but fails the evidence world (no timeframe, no booking reference).
const transcript =
  "Company: Delta\nTranscript so far: Customer: my bag is lost\nSupport: Sorry about your bag! DM us and we'll track it down.";
const messages = new JSONAdapter().format(judge, [], { transcript });
const servers: SimServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

interface CompletionBody {
  choices?: { message: { content: string } }[];
  error?: { message: string };
}

async function verdict(server: SimServer, model: string): Promise<{ status: number; body: CompletionBody }> {
  const response = await fetch(`${server.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages }),
  });
  return { status: response.status, body: (await response.json()) as CompletionBody };
}

const satisfied = (body: CompletionBody) => JSON.parse(body.choices?.[0]?.message.content ?? "{}").satisfied;

describe("startSimServer worlds", () => {
  it("answers every model in the server's world unless the model name picks one", async () => {
    // Prepare
    const server = await startSimServer({ world: "evidence" });
    servers.push(server);

    // Act
    const served = await verdict(server, "sim/gold");
    const picked = await verdict(server, "sim/gold~default");

    // Assess
    expect(served.status).toBe(200);
    expect(satisfied(served.body)).toBe(false);
    expect(satisfied(picked.body)).toBe(true);
  });

  it("rejects a model naming an unknown world with 400 listing the worlds", async () => {
    const server = await startSimServer();
    servers.push(server);

    const { status, body } = await verdict(server, "sim/gold~nowhere");

    expect(status).toBe(400);
    expect(body.error?.message).toBe(
      '`model`: unknown simulated world "nowhere": the worlds are default, evidence, interplay, brisk',
    );
  });

  it("refuses to start in an unknown world", async () => {
    await expect(startSimServer({ world: "nowhere" })).rejects.toThrow(
      /the worlds are default, evidence, interplay, brisk/,
    );
  });
});
