import { describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapter/chat-adapter.ts";
import { ParseError } from "../adapter/parse-error.ts";
import { LMError } from "../lm/errors.ts";
import { FakeLM } from "../lm/fake-lm.ts";
import { Predict } from "./predict.ts";

const judgeSignature = "transcript: string -> satisfied: boolean";
const transcript = "Customer: my bag is lost\nSupport: I have filed a claim, here is the reference.";

describe("Predict", () => {
  it("renders the inputs, asks the LM and parses typed outputs", async () => {
    const lm = new FakeLM([FakeLM.json({ satisfied: "True" })]);
    const judge = new Predict(judgeSignature, { lm });

    const prediction = await judge.call({ transcript, ignored: "not a signature field" });

    expect(prediction.get("satisfied")).toBe(true);
    const user = lm.lastRequest?.messages.find((m) => m.role === "user")?.content ?? "";
    expect(user).toContain(`[[ ## transcript ## ]]\n${transcript}`);
    expect(user).not.toContain("not a signature field");
  });

  it("sends the adapter's structured-output format only when the LM supports it", async () => {
    const plain = new FakeLM([FakeLM.json({ satisfied: true })]);
    const structured = new FakeLM([FakeLM.json({ satisfied: true })], { capabilities: { structuredOutputs: true } });

    await new Predict(judgeSignature).call({ transcript }, { lm: plain });
    await new Predict(judgeSignature).call({ transcript }, { lm: structured });

    expect(plain.lastRequest?.responseFormat).toBeUndefined();
    expect(structured.lastRequest?.responseFormat?.type).toBe("json_schema");
  });

  it("passes temperature, rollout id and signal to the LM", async () => {
    const lm = new FakeLM([FakeLM.json({ satisfied: true })]);
    const signal = new AbortController().signal;

    await new Predict(judgeSignature, { lm }).call({ transcript }, { temperature: 0.7, rolloutId: 3, signal });

    expect(lm.lastRequest).toMatchObject({ temperature: 0.7, rolloutId: 3, signal });
  });

  it("retries once after a parse failure, showing the model its error", async () => {
    const lm = new FakeLM(["I think they were happy.", FakeLM.json({ satisfied: false })]);
    const judge = new Predict(judgeSignature, { lm });

    const prediction = await judge.call({ transcript });

    expect(prediction.get("satisfied")).toBe(false);
    expect(lm.callCount).toBe(2);
    const retry = lm.requests[1]?.messages ?? [];
    expect(retry.at(-2)).toEqual({ role: "assistant", content: "I think they were happy." });
    expect(retry.at(-1)?.content).toContain("could not be parsed: the answer contains no JSON object");
    expect(prediction.calls.map((c) => c.repair)).toEqual([false, true]);
  });

  it("throws the ParseError naming the field when the repair also fails", async () => {
    const lm = new FakeLM([FakeLM.json({ satisfied: "maybe" }), FakeLM.json({ satisfied: "perhaps" }), "unused"]);
    const judge = new Predict(judgeSignature, { lm });

    const call = judge.call({ transcript });

    await expect(call).rejects.toBeInstanceOf(ParseError);
    await expect(call).rejects.toMatchObject({ field: "satisfied" });
    expect(lm.callCount).toBe(2);
    expect(lm.requests[1]?.messages.at(-1)?.content).toContain("`satisfied`");
  });

  it("does not retry LM errors: they reach the caller as they are", async () => {
    const lm = new FakeLM([new LMError("rate_limit", "fake 429", { provider: "fake", status: 429 })]);

    const call = new Predict(judgeSignature, { lm }).call({ transcript });

    await expect(call).rejects.toMatchObject({ name: "LMError", kind: "rate_limit" });
    expect(lm.callCount).toBe(1);
  });

  it("records usage, latency, cost and the simulated flag of every call", async () => {
    const lm = new FakeLM(["no json here", { text: FakeLM.json({ satisfied: true }), usage: { outputTokens: 7 } }], {
      latencyMs: 2,
      sleep: async () => {},
      costUsd: 0.01,
      simulated: true,
    });
    const seen: string[] = [];

    const prediction = await new Predict(judgeSignature, { lm }).call(
      { transcript },
      { onCall: (call) => seen.push(call.model) },
    );

    expect(prediction.calls).toHaveLength(2);
    expect(prediction.usage.outputTokens).toBe(3 + 7);
    expect(prediction.latencyMs).toBe(4);
    expect(prediction.costUsd).toBeCloseTo(0.02);
    expect(prediction.simulated).toBe(true);
    expect(seen).toEqual(["fake/scripted", "fake/scripted"]);
  });

  it("reports an unknown price as null, never as $0", async () => {
    const lm = new FakeLM([FakeLM.json({ satisfied: true })], { costUsd: null });

    const prediction = await new Predict(judgeSignature).call({ transcript }, { lm });

    expect(prediction.costUsd).toBeNull();
  });

  it("names a missing input field", async () => {
    const judge = new Predict(judgeSignature, { lm: new FakeLM() });

    const call = judge.call({ transcipt: transcript });

    await expect(call).rejects.toThrow("needs input field `transcript`");
  });

  it("prefers a call's lm over its binding, and its binding over the default", async () => {
    const bound = new FakeLM([FakeLM.json({ satisfied: true })], { model: "fake/bound" });
    const override = new FakeLM([FakeLM.json({ satisfied: true })], { model: "fake/override" });
    const fallback = new FakeLM([FakeLM.json({ satisfied: true })], { model: "fake/default" });
    const judge = new Predict(judgeSignature, { lm: bound });

    const a = await judge.call({ transcript }, { defaultLM: fallback });
    const b = await judge.call({ transcript }, { lm: override, defaultLM: fallback });
    const c = await judge.unbind().call({ transcript }, { defaultLM: fallback });

    expect([a, b, c].map((p) => p.calls[0]?.model)).toEqual(["fake/bound", "fake/override", "fake/default"]);
  });

  it("fails clearly when it has no LM", async () => {
    const call = new Predict(judgeSignature).call({ transcript });

    await expect(call).rejects.toMatchObject({ code: "no_lm" });
  });

  it("resolves a model-string binding through the resolver once", async () => {
    const resolved: string[] = [];
    const lm = new FakeLM(() => FakeLM.json({ satisfied: true }), { model: "fake/judge" });
    const judge = new Predict(judgeSignature, { lm: "fake/judge" });
    const resolveLM = (model: string) => {
      resolved.push(model);
      return lm;
    };

    await judge.call({ transcript }, { resolveLM });
    await judge.call({ transcript }, { resolveLM });

    expect(resolved).toEqual(["fake/judge"]);
    expect(lm.callCount).toBe(2);
  });

  it("round-trips through state with its demos, adapter and binding", () => {
    const demos = [{ transcript: "Customer: thanks", satisfied: true, id: "d1" }];
    const judge = new Predict(judgeSignature, { demos, adapter: new ChatAdapter(), lm: "openai/gpt-4o-mini" });
    judge.signature = judge.signature.withInstructions("Judge the reply.");

    const restored = Predict.fromState(judge.toState());

    expect(restored.toState()).toEqual(judge.toState());
    expect(restored.toState()).toMatchObject({ kind: "predict", lm: "openai/gpt-4o-mini", adapter: "chat", demos });
    expect(restored.adapter).toBeInstanceOf(ChatAdapter);
  });

  it("clones deeply enough that editing the copy leaves the original alone", () => {
    const judge = new Predict(judgeSignature, { demos: [{ transcript: "a", satisfied: true }] });

    const copy = judge.clone();
    copy.signature = copy.signature.withInstructions("new");
    copy.demos.push({ transcript: "b", satisfied: false });
    (copy.demos[0] as { transcript: string }).transcript = "changed";

    expect(judge.demos).toEqual([{ transcript: "a", satisfied: true }]);
    expect(judge.signature.instructions).not.toBe("new");
    expect(copy).toBeInstanceOf(Predict);
  });
});
