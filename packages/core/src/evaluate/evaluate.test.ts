import { describe, expect, it } from "vitest";
import { LMError } from "../lm/errors.ts";
import { FakeLM, type FakeLMOptions, type FakeReply } from "../lm/fake-lm.ts";
import type { LMRequest } from "../lm/types.ts";
import { Example } from "../module/example.ts";
import { Predict } from "../module/predict.ts";
import { evaluate } from "./evaluate.ts";
import { exactMatch } from "./metrics.ts";
import type { EvaluateProgress, Metric } from "./types.ts";

const questions = (n: number) =>
  Array.from({ length: n }, (_, i) => new Example({ q: `q${i}`, a: `a${i}` }, { id: `ex-${i}` }).withInputs("q"));

/** The question number a request asks about, read from the rendered prompt. */
const questionOf = (request: LMRequest) =>
  Number(/\bq(\d+)\b/.exec(request.messages.map((m) => m.content).join("\n"))?.[1]);

/** An LM that answers question i with `a{i}`, or with `special(i)` when that returns a reply. */
function answeringLM(special: (i: number) => FakeReply | undefined = () => undefined, options: FakeLMOptions = {}) {
  return new FakeLM((request) => {
    const i = questionOf(request);
    return special(i) ?? FakeLM.json({ a: `a${i}` });
  }, options);
}

const qa = () => new Predict("q -> a");
const rateLimit = () => new LMError("rate_limit", "fake 429", { provider: "fake", status: 429 });

describe("evaluate", () => {
  it("scores every example and averages the scores", async () => {
    const lm = answeringLM((i) => (i === 1 ? FakeLM.json({ a: "wrong" }) : undefined));

    const result = await evaluate(qa(), questions(4), exactMatch("a"), { lm });

    expect(result).toMatchObject({ score: 0.75, n: 4, errors: 0, notRun: 0, total: 4 });
    expect(result.records.map((r) => r.score)).toEqual([1, 0, 1, 1]);
    expect(result.records[1]).toMatchObject({
      exampleId: "ex-1",
      index: 1,
      inputs: { q: "q1" },
      outputs: { a: "wrong" },
    });
  });

  it("never has more calls in flight than its concurrency", async () => {
    const lm = answeringLM(undefined, { latencyMs: 5 });

    const result = await evaluate(qa(), questions(12), exactMatch("a"), { lm, concurrency: 3 });

    expect(lm.maxInFlight).toBe(3);
    expect(result.n).toBe(12);
  });

  it("turns a failing call into an error record excluded from the score, not a 0", async () => {
    const lm = answeringLM((i) => (i === 2 ? rateLimit() : undefined));

    const result = await evaluate(qa(), questions(5), exactMatch("a"), { lm });

    expect(result).toMatchObject({ score: 1, n: 4, errors: 1 });
    expect(result.records[2]).toMatchObject({
      status: "error",
      score: null,
      errorKind: "rate_limit",
      errorMessage: "fake 429",
      outputs: null,
    });
  });

  it("records a parse failure after the repair retry as a parse error", async () => {
    const lm = answeringLM((i) => (i === 0 ? "no idea" : undefined));

    const result = await evaluate(qa(), questions(2), exactMatch("a"), { lm });

    expect(result.records[0]).toMatchObject({ status: "error", errorKind: "parse", calls: 2 });
    expect(result).toMatchObject({ score: 1, n: 1, errors: 1 });
  });

  it("gives up on a call after timeoutMs and records a timeout", async () => {
    const lm = answeringLM(undefined, { latencyMs: (request) => (questionOf(request) === 1 ? 60_000 : 0) });

    const result = await evaluate(qa(), questions(3), exactMatch("a"), { lm, timeoutMs: 30 });

    expect(result.records[1]).toMatchObject({ status: "error", errorKind: "timeout", score: null });
    expect(result).toMatchObject({ n: 2, errors: 1 });
  });

  it("keeps finished results when cancelled and marks the rest as not run", async () => {
    const controller = new AbortController();
    const lm = answeringLM();
    const onProgress = (p: EvaluateProgress) => {
      if (p.done === 2) controller.abort();
    };

    const result = await evaluate(qa(), questions(6), exactMatch("a"), {
      lm,
      concurrency: 1,
      signal: controller.signal,
      onProgress,
    });

    expect(result.records.map((r) => r.status)).toEqual([
      "scored",
      "scored",
      "not_run",
      "not_run",
      "not_run",
      "not_run",
    ]);
    expect(result).toMatchObject({ score: 1, n: 2, errors: 0, notRun: 4, stoppedReason: "cancelled" });
    expect(lm.callCount).toBe(2);
  });

  it("returns promptly when cancelled mid-call, even if the LM ignores the signal", async () => {
    const controller = new AbortController();
    const stuck = new Promise<void>(() => {});
    const lm = answeringLM(undefined, {
      latencyMs: (request) => (questionOf(request) === 1 ? 1 : 0),
      sleep: (ms) => (ms === 1 ? stuck : Promise.resolve()),
    });
    const running = evaluate(qa(), questions(3), exactMatch("a"), { lm, concurrency: 1, signal: controller.signal });

    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const result = await running;

    expect(result.records.map((r) => r.status)).toEqual(["scored", "not_run", "not_run"]);
    expect(result.records[1]?.errorKind).toBe("cancelled");
  });

  it("stops scheduling once errors exceed maxErrors and says why", async () => {
    const lm = answeringLM((i) => (i >= 1 ? rateLimit() : undefined));

    const result = await evaluate(qa(), questions(8), exactMatch("a"), { lm, concurrency: 1, maxErrors: 2 });

    expect(result.records.map((r) => r.status)).toEqual([
      "scored",
      "error",
      "error",
      "error",
      "not_run",
      "not_run",
      "not_run",
      "not_run",
    ]);
    expect(result).toMatchObject({ score: 1, n: 1, errors: 3, notRun: 4, stoppedReason: "max_errors" });
    expect(result.stoppedMessage).toContain("stopped after 3 errors (maxErrors 2)");
  });

  it("stops cleanly when the budget is spent", async () => {
    const budget = () => new LMError("budget_exceeded", "budget of $1 is spent", { provider: "fake" });
    const lm = answeringLM((i) => (i >= 2 ? budget() : undefined));

    const result = await evaluate(qa(), questions(5), exactMatch("a"), { lm, concurrency: 1 });

    expect(result).toMatchObject({ n: 2, errors: 0, notRun: 3, stoppedReason: "budget_exceeded" });
    expect(result.stoppedMessage).toBe("budget of $1 is spent");
  });

  it("reports progress after each finished example", async () => {
    const events: EvaluateProgress[] = [];
    const lm = answeringLM((i) => (i === 0 ? rateLimit() : undefined));

    await evaluate(qa(), questions(3), exactMatch("a"), { lm, concurrency: 1, onProgress: (p) => events.push(p) });

    expect(events).toEqual([
      { done: 1, total: 3, errors: 1, score: null },
      { done: 2, total: 3, errors: 1, score: 1 },
      { done: 3, total: 3, errors: 1, score: 1 },
    ]);
  });

  it("records a throwing or out-of-range metric as a metric error", async () => {
    const lm = answeringLM();
    const metric = (example: Example) => {
      if (example.id === "ex-0") throw new Error("metric bug");
      return example.id === "ex-1" ? 7 : 0.5;
    };

    const result = await evaluate(qa(), questions(3), metric, { lm });

    expect(result.records.map((r) => r.errorKind)).toEqual(["metric", "metric", undefined]);
    expect(result.records[1]?.errorMessage).toContain("metric returned 7");
    expect(result.records[0]?.outputs).toEqual({ a: "a0" });
    expect(result).toMatchObject({ score: 0.5, n: 1, errors: 2 });
  });

  it("counts usage and cost of every call, a judge metric's included", async () => {
    const lm = answeringLM(undefined, { costUsd: 0.01 });
    const judgeLM = new FakeLM(() => FakeLM.json({ ok: true }), { costUsd: 0.1, simulated: true });
    const judge = new Predict("a -> ok: boolean", { lm: judgeLM });
    const metric: Metric = async (_example, prediction, ctx) =>
      (await judge.call({ a: prediction.get("a") }, { onCall: ctx.onCall, signal: ctx.signal })).get("ok") === true;

    const result = await evaluate(qa(), questions(2), metric, { lm });

    expect(result.usage.calls).toBe(4);
    expect(result.costUsd).toBeCloseTo(0.22);
    expect(result.records[0]?.usage.outputTokens).toBeGreaterThan(0);
    expect(result.simulated).toBe(true);
  });

  it("reports a null score when nothing could be scored", async () => {
    const lm = answeringLM(() => rateLimit());

    const result = await evaluate(qa(), questions(2), exactMatch("a"), { lm });

    expect(result).toMatchObject({ score: null, n: 0, errors: 2 });
  });

  it("refuses a dataset without input keys before calling the LM", async () => {
    const lm = answeringLM();
    const dataset = [new Example({ q: "q0", a: "a0" }, { id: "raw" })];

    const run = evaluate(qa(), dataset, exactMatch("a"), { lm });

    await expect(run).rejects.toThrow("example raw has no input keys");
    expect(lm.callCount).toBe(0);
  });

  it("refuses a concurrency below 1", async () => {
    const run = evaluate(qa(), questions(1), exactMatch("a"), { concurrency: 0 });

    await expect(run).rejects.toThrow("`concurrency` must be an integer >= 1 (got 0)");
  });
});
