import { beforeAll, describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapter/chat-adapter.ts";
import { JSONAdapter } from "../adapter/json-adapter.ts";
import type { Adapter } from "../adapter/types.ts";
import { LMError } from "../lm/errors.ts";
import { loadTokenizer } from "../lm/tokens.ts";
import type { LMRequest } from "../lm/types.ts";
import { Signature } from "../signature/signature.ts";
import { SimLM, simulateCompletion } from "./sim-lm.ts";

const judge = Signature.parse("transcript: string -> critique: string, satisfied: boolean").withInstructions(
  "Judge whether the reply addresses the question and offers a concrete next step.",
);
const transcript =
  "Company: Delta Air Lines\nTranscript so far: Customer: my bag is lost\nSupport: Sorry about your bag! DM us your bag tag number and we'll track it down.";
const request = (adapter: Adapter = new JSONAdapter()): LMRequest => ({
  messages: adapter.format(judge, [], { transcript }),
});

// Token counts (simulated usage, estimates) need the tokenizer loaded.
beforeAll(() => loadTokenizer());

describe("SimLM", () => {
  it("answers the same request with the same text every time", async () => {
    const first = await new SimLM("sim/default").call(request());
    const second = await new SimLM("sim/default").call(request());

    expect(second.text).toBe(first.text);
  });

  it("answers a JSONAdapter prompt with a JSON object the adapter parses into typed outputs", async () => {
    const response = await new SimLM("sim/strong").call(request());

    const outputs = new JSONAdapter().parse(judge, response.text);

    expect(response.text.trim().startsWith("{")).toBe(true);
    expect(typeof outputs.satisfied).toBe("boolean");
    expect(outputs.critique).toMatch(/\w+/);
  });

  it("answers a ChatAdapter prompt with field markers ending in the completed marker", async () => {
    const response = await new SimLM("sim/strong").call(request(new ChatAdapter()));

    const outputs = new ChatAdapter().parse(judge, response.text);

    expect(response.text).toMatch(
      /^\[\[ ## critique ## \]\]\n[\s\S]*\[\[ ## satisfied ## \]\]\n(True|False)\n\n\[\[ ## completed ## \]\]$/,
    );
    expect(typeof outputs.satisfied).toBe("boolean");
  });

  it("writes a str verdict field as the string True or False", () => {
    const asString = Signature.parse("transcript: string -> satisfied: string");
    const messages = new JSONAdapter().format(asString, [], { transcript });

    const { text } = simulateCompletion("sim/strong", { messages });

    expect(JSON.parse(text).satisfied).toMatch(/^(True|False)$/);
  });

  it("marks responses simulated and counts tokens with the tokenizer", async () => {
    const response = await new SimLM("sim/weak").call(request());

    expect(response).toMatchObject({ simulated: true, cached: false, model: "sim/weak" });
    expect(response.usage.inputTokens).toBeGreaterThan(100);
    expect(response.usage.outputTokens).toBeGreaterThan(5);
  });

  it("stops at maxTokens like a provider at its output limit", () => {
    const full = simulateCompletion("sim/strong", request());

    const cut = simulateCompletion("sim/strong", { ...request(), maxTokens: 5 });

    expect(cut.truncated).toBe(true);
    expect(cut.usage.outputTokens).toBeLessThanOrEqual(5);
    expect(full.text.startsWith(cut.text)).toBe(true);
  });

  it("waits the configured latency through the injected sleep", async () => {
    const waits: number[] = [];
    const lm = new SimLM("sim/default", { latencyMs: 150, sleep: async (ms) => void waits.push(ms) });

    await lm.call(request());

    expect(waits).toEqual([150]);
  });

  it("rejects calls over its rpm with a rate_limit error that says when to retry", async () => {
    let now = 0;
    const lm = new SimLM("sim/default", { rpm: 60, now: () => now });
    await lm.call(request());

    const error = await lm.call(request()).catch((e: unknown) => e);
    now = 1000;
    const afterWaiting = await lm.call(request());

    expect(error).toBeInstanceOf(LMError);
    expect(error).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 1000 });
    expect(afterWaiting.simulated).toBe(true);
  });

  it("injects server errors, timeouts and malformed answers at the configured rates", async () => {
    const lm = new SimLM("sim/default", { faults: "503:0.2,timeout:0.1,malformed:0.1" });
    const kinds: string[] = [];

    for (let i = 0; i < 400; i++) {
      const outcome = await lm.call({ ...request(), rolloutId: i }).catch((e: LMError) => e);
      if (outcome instanceof LMError) kinds.push(`${outcome.kind}:${outcome.status ?? ""}`);
      else if (!outcome.text.trim().endsWith("}")) kinds.push("malformed");
    }

    const share = (kind: string) => kinds.filter((k) => k === kind).length / 400;
    expect(share("server:503")).toBeCloseTo(0.2, 1);
    expect(share("timeout:")).toBeCloseTo(0.1, 1);
    expect(share("malformed")).toBeGreaterThan(0.04);
  });

  it("draws a fresh fault for a retried request, so retries can succeed", async () => {
    const lm = new SimLM("sim/default", { faults: "500:0.5" });
    const attempt = (rolloutId: number) =>
      lm.call({ ...request(), rolloutId }).then(
        () => "ok",
        () => "fault",
      );
    let rolloutId = 0;
    while ((await attempt(rolloutId)) === "ok") rolloutId++;

    const retries: string[] = [];
    for (let i = 0; i < 20; i++) retries.push(await attempt(rolloutId));

    expect(retries).toContain("ok");
  });

  it("fails with cancelled when the signal aborts during latency", async () => {
    const controller = new AbortController();
    const lm = new SimLM("sim/default", { latencyMs: 10_000 });

    const pending = lm.call({ ...request(), signal: controller.signal });
    controller.abort();

    await expect(pending).rejects.toMatchObject({ kind: "cancelled" });
  });
});
