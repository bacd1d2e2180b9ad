import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "../support/otlp-receiver.ts";
import { judgeloop, offlineEnv, runIdIn, scratch, writeJudgedExamples, writeSmallConfig } from "./support/cli.ts";

// The real CLI, on the simulator, exporting to a real OTLP/HTTP receiver on 127.0.0.1 that
// decodes the protobuf bodies with the official definitions (see tests/support/otlp-receiver.ts).

let dir: string;
let cleanup: () => Promise<void>;
let receiver: OtlpReceiver;
let config: string;
let judged: string;

const stages = [
  "prepare",
  "generate",
  "label",
  "judge-eval",
  "judge-optimize",
  "gate",
  "generator-optimize",
  "compare",
  "report",
];

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("otel"));
  receiver = await startOtlpReceiver();
  config = await writeSmallConfig(dir);
  judged = join(dir, "judged.jsonl");
  await writeJudgedExamples(judged, 16);
});

afterAll(async () => {
  await receiver.close();
  await cleanup();
});

function tracedEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return offlineEnv({ JUDGELOOP_HOME: join(dir, home), OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, ...extra });
}

/** The spans of the one trace whose root span has `runId`. */
function traceOf(runId: string): ReceivedSpan[] {
  const root = receiver.spans().find((s) => s.parentSpanId === "" && s.attributes["judgeloop.run.id"] === runId);
  if (!root) throw new Error(`no root span for ${runId}; got ${receiver.spans().length} spans`);
  return receiver.spans().filter((s) => s.traceId === root.traceId);
}

const chatSpans = (spans: ReceivedSpan[]) => spans.filter((s) => s.attributes["gen_ai.operation.name"] === "chat");

describe("OpenTelemetry export of a pipeline run", () => {
  let runId: string;
  let spans: ReceivedSpan[];

  beforeAll(async () => {
    const run = await judgeloop(["pipeline", "--config", config], tracedEnv("home"));
    if (run.code !== 0) throw new Error(run.stderr);
    runId = runIdIn(run.stderr);
    spans = traceOf(runId);
  }, 150_000);

  it("sends one trace over OTLP/HTTP protobuf whose root is the run, with every stage as its child", () => {
    const root = spans.filter((s) => s.parentSpanId === "");
    const byId = new Map(spans.map((s) => [s.spanId, s]));

    expect(receiver.contentTypes().every((type) => type === "application/x-protobuf")).toBe(true);
    expect(root).toHaveLength(1);
    expect(root[0]?.name).toBe("invoke_workflow judgeloop pipeline");
    expect(root[0]?.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_workflow",
      "judgeloop.run.kind": "pipeline",
      "judgeloop.run.status": "succeeded",
    });
    expect(root[0]?.resource["service.name"]).toBe("judgeloop");
    const stageSpans = spans.filter((s) => s.name.startsWith("stage "));
    expect(stageSpans.map((s) => s.attributes["judgeloop.stage"])).toEqual(expect.arrayContaining(stages));
    expect(stageSpans).toHaveLength(stages.length);
    for (const stage of stageSpans) {
      expect(stage.parentSpanId).toBe(root[0]?.spanId);
      expect(stage.attributes["judgeloop.stage.status"]).toBe("succeeded");
    }
    // Every span's parent is in the same trace: the tree has no dangling link.
    for (const span of spans) if (span.parentSpanId !== "") expect(byId.has(span.parentSpanId)).toBe(true);
  });

  it("puts each optimizer trial under its optimize stage, with its score", () => {
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    for (const stage of ["judge-optimize", "generator-optimize"]) {
      const stageSpan = spans.find((s) => s.name === `stage ${stage}`);
      const trials = spans.filter((s) => s.name === "optimizer trial" && s.parentSpanId === stageSpan?.spanId);

      // The small config asks for 4 trials per optimization.
      expect(trials.length).toBe(4);
      for (const trial of trials) {
        expect(trial.attributes["judgeloop.optimizer"]).toBe("mipro");
        expect(trial.attributes["judgeloop.score"]).toEqual(expect.any(Number));
        expect(trial.attributes["judgeloop.score"] as number).toBeGreaterThanOrEqual(0);
        expect(trial.attributes["judgeloop.score"] as number).toBeLessThanOrEqual(1);
        expect(trial.attributes["judgeloop.trial.index"]).toEqual(expect.any(Number));
        expect(trial.attributes["judgeloop.trial.examples"] as number).toBeGreaterThan(0);
        expect(byId.get(trial.parentSpanId)?.parentSpanId).toBe(spans.find((s) => s.parentSpanId === "")?.spanId);
      }
      expect(new Set(trials.map((t) => t.attributes["judgeloop.trial.index"])).size).toBe(4);
      const full = spans.filter((s) => s.name === "optimizer evaluation" && s.parentSpanId === stageSpan?.spanId);
      expect(full.length).toBeGreaterThan(0);
      for (const evaluation of full) expect(evaluation.attributes["judgeloop.trial.kind"]).toBe("full");
    }
  });

  it("records every LM call as a GenAI chat client span under its trial or stage, simulated, with tokens, cost and cache hit", () => {
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const chats = chatSpans(spans);
    const root = spans.find((s) => s.parentSpanId === "");
    const parentName = (span: ReceivedSpan) => byId.get(span.parentSpanId)?.name ?? "";
    const underTrial = chats.filter((s) => parentName(s) === "optimizer trial");
    // Full valset evaluations (the baseline's, and the scheduled ones) are spans of their own.
    const underFullEvaluation = chats.filter((s) => parentName(s) === "optimizer evaluation");
    const underStage = chats.filter((s) => parentName(s).startsWith("stage "));

    expect(underTrial.length).toBeGreaterThan(0);
    expect(underFullEvaluation.length).toBeGreaterThan(0);
    expect(underStage.length).toBeGreaterThan(0);
    expect(underTrial.length + underFullEvaluation.length + underStage.length).toBe(chats.length);
    for (const chat of chats) {
      const model = chat.attributes["judgeloop.model"] as string;
      expect(model).toMatch(/^sim\//);
      expect(chat.name).toBe(`chat ${model.slice("sim/".length)}`);
      expect(chat.kind).toBe(3); // SPAN_KIND_CLIENT
      expect(chat.attributes).toMatchObject({
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "judgeloop.sim",
        "gen_ai.system": "judgeloop.sim",
        "gen_ai.request.model": model.slice("sim/".length),
        "judgeloop.simulated": true,
      });
      expect(chat.attributes["gen_ai.response.model"]).toEqual(expect.any(String));
      expect(chat.attributes["gen_ai.usage.input_tokens"] as number).toBeGreaterThan(0);
      expect(chat.attributes["gen_ai.usage.output_tokens"] as number).toBeGreaterThan(0);
      expect(chat.attributes["judgeloop.cost_usd"]).toEqual(expect.any(Number));
      expect(chat.attributes["judgeloop.cache_hit"]).toEqual(expect.any(Boolean));
      // A call lies inside its parent's time span.
      const parent = byId.get(chat.parentSpanId);
      expect(chat.startNanos >= (parent?.startNanos ?? 0n)).toBe(true);
      expect(chat.endNanos <= (parent?.endNanos ?? 0n)).toBe(true);
    }
    // The calls that reached the model are the run's metered calls, one span each.
    const called = chats.filter((s) => s.attributes["judgeloop.cache_hit"] === false);
    expect(called.length).toBe(root?.attributes["judgeloop.calls"]);
    const cost = called.reduce((sum, s) => sum + (s.attributes["judgeloop.cost_usd"] as number), 0);
    expect(cost).toBeCloseTo(root?.attributes["judgeloop.cost_usd"] as number, 6);
  });

  it("records no prompt or completion text when the capture flag is not set", () => {
    for (const span of spans) {
      expect(span.attributes["gen_ai.input.messages"]).toBeUndefined();
      expect(span.attributes["gen_ai.output.messages"]).toBeUndefined();
    }
    const bodies = Buffer.concat(receiver.bodies()).toString("latin1");
    expect(bodies).not.toContain("Transcript so far");
    expect(bodies).not.toContain("Customer:");
  });

  it("marks a repeated run's calls as cache hits in a trace of its own", async () => {
    const again = await judgeloop(["pipeline", "--config", config], tracedEnv("home"));
    const repeated = traceOf(runIdIn(again.stderr));
    const chats = chatSpans(repeated);

    expect(again.code, again.stderr).toBe(0);
    expect(repeated[0]?.traceId).not.toBe(spans[0]?.traceId);
    expect(chats.length).toBeGreaterThan(0);
    expect(chats.every((s) => s.attributes["judgeloop.cache_hit"] === true)).toBe(true);
    expect(repeated.find((s) => s.parentSpanId === "")?.attributes["judgeloop.calls"]).toBe(0);
  }, 150_000);
});

describe("OpenTelemetry export of one-off commands", () => {
  it("traces `optimize` as run → trial → chat spans", async () => {
    const out = join(dir, "optimized.json");
    const args = ["optimize", "--trainset", judged, "--signature", "transcript -> satisfied: boolean"];
    const flags = ["--model", "sim/judge", "--metric", "exact:satisfied", "--trials", "3", "--out", out, "--json"];

    const result = await judgeloop([...args, ...flags], tracedEnv("home-optimize"));

    expect(result.code, result.stderr).toBe(0);
    const root = receiver.spans().find((s) => s.name === "invoke_workflow judgeloop optimize");
    expect(root?.parentSpanId).toBe("");
    const spans = receiver.spans().filter((s) => s.traceId === root?.traceId);
    const trials = spans.filter((s) => s.name === "optimizer trial");
    expect(trials.length).toBe(3);
    for (const trial of trials) expect(trial.parentSpanId).toBe(root?.spanId);
    const trialIds = new Set(trials.map((t) => t.spanId));
    expect(chatSpans(spans).some((s) => trialIds.has(s.parentSpanId))).toBe(true);
    expect(root?.attributes["judgeloop.score"]).toBe(JSON.parse(result.stdout).bestScore);
  });

  it("records prompts and completions on chat spans only with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true", async () => {
    const args = ["evaluate", "--dataset", judged, "--signature", "transcript -> satisfied: boolean"];
    const flags = ["--model", "sim/judge", "--metric", "exact:satisfied", "--json"];
    const env = tracedEnv("home-capture", { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" });

    const result = await judgeloop([...args, ...flags], env);

    expect(result.code, result.stderr).toBe(0);
    const root = receiver.spans().find((s) => s.name === "invoke_workflow judgeloop evaluate");
    expect(root?.attributes["judgeloop.score"]).toBe(JSON.parse(result.stdout).score);
    const chats = chatSpans(receiver.spans().filter((s) => s.traceId === root?.traceId));
    expect(chats).toHaveLength(16);
    for (const chat of chats) {
      expect(chat.parentSpanId).toBe(root?.spanId);
      const input = JSON.parse(chat.attributes["gen_ai.input.messages"] as string) as {
        role: string;
        parts: { type: string; content: string }[];
      }[];
      expect(input.map((m) => m.role)).toContain("user");
      expect(input.some((m) => m.parts[0]?.content.includes("Transcript so far"))).toBe(true);
      const output = JSON.parse(chat.attributes["gen_ai.output.messages"] as string) as { role: string }[];
      expect(output[0]?.role).toBe("assistant");
    }
  });
});

describe("OpenTelemetry export failures", () => {
  it("never fail the command: one warning naming the endpoint's origin, without its credentials", async () => {
    const closedPort = await freePort();
    const args = ["evaluate", "--dataset", judged, "--signature", "transcript -> satisfied: boolean"];
    const flags = ["--model", "sim/judge", "--metric", "exact:satisfied", "--json"];
    const env = offlineEnv({
      JUDGELOOP_HOME: join(dir, "home-down"),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://otel-user:pw-FAKE-1234@127.0.0.1:${closedPort}/?token=tk-FAKE-5678`,
      OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer hdr-FAKE-9012",
      OTEL_EXPORTER_OTLP_TIMEOUT: "2000",
    });

    const result = await judgeloop([...args, ...flags], env);

    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).n).toBe(16);
    const warnings = result.stderr.split("\n").filter((line) => line.includes("could not export traces"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`http://127.0.0.1:${closedPort}`);
    for (const secret of ["pw-FAKE-1234", "tk-FAKE-5678", "hdr-FAKE-9012", "otel-user"]) {
      expect(result.stderr).not.toContain(secret);
    }
  });

  it("warn once about an endpoint that is not a URL and run without traces", async () => {
    const args = ["evaluate", "--dataset", judged, "--signature", "transcript -> satisfied: boolean"];
    const env = offlineEnv({ JUDGELOOP_HOME: join(dir, "home-bad-url"), OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" });

    const result = await judgeloop([...args, "--model", "sim/judge", "--metric", "exact:satisfied", "--json"], env);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("traces are off: OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL");
  });
});

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
