import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baselineGeneratorInstructions } from "../../packages/core/src/run/programs.ts";
import {
  conversationsFile,
  judgeloop,
  killHard,
  offlineEnv,
  runIdIn,
  scratch,
  startUntil,
  writeJudgedExamples,
  writeSmallConfig,
} from "../e2e/support/cli.ts";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.ts";
import { type KeyCheckingProxy, startKeyCheckingProxy } from "./support/key-checking-proxy.ts";
import { type FakeSecrets, fakeSecrets, filesUnder, leaksIn } from "./support/secret-scan.ts";

// Every model is `openai/sim/*` behind OPENAI_BASE_URL on 127.0.0.1, so the real OpenAI provider
// sends the fake key over HTTP; the other fake keys sit in the environment. Nothing leaves the host.

let dir: string;
let cleanup: () => Promise<void>;
let secrets: FakeSecrets;
let accepting: KeyCheckingProxy;
let rejecting: KeyCheckingProxy;
let traces: OtlpReceiver;
let rejectingTraces: OtlpReceiver;
const openaiModels = { generator: "openai/sim/default", judge: "openai/sim/judge", gold: "openai/sim/gold" };

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("secrets"));
  secrets = fakeSecrets();
  accepting = await startKeyCheckingProxy(secrets.OPENAI_API_KEY, { reject: false });
  rejecting = await startKeyCheckingProxy(secrets.OPENAI_API_KEY, { reject: true });
  traces = await startOtlpReceiver();
  rejectingTraces = await startOtlpReceiver({ rejectWith: 401 });
  await writeJudgedExamples(join(dir, "judged.jsonl"), 12);
});

afterAll(async () => {
  await accepting.close();
  await rejecting.close();
  await traces.close();
  await rejectingTraces.close();
  await cleanup();
});

function envWith(home: string, baseURL: string): NodeJS.ProcessEnv {
  return offlineEnv({ ...secrets, JUDGELOOP_HOME: join(dir, home), OPENAI_BASE_URL: baseURL });
}

/** `judgeloop evaluate` of the simulated judge on the judged examples, with `env`. */
function evaluateJudged(env: NodeJS.ProcessEnv): ReturnType<typeof judgeloop> {
  const dataset = join(dir, "judged.jsonl");
  const signature = "transcript -> satisfied: boolean";
  const flags = ["--model", "openai/sim/judge", "--metric", "exact:satisfied", "--json"];
  return judgeloop(["evaluate", "--dataset", dataset, "--signature", signature, ...flags], env);
}

/** Saved judgeloop programs among the files of a home (top-level `format` says so): what `export-dspy` takes. */
function savedPrograms(files: Record<string, Buffer>): string[] {
  const isProgram = (bytes: Buffer) => {
    const parsed: unknown = JSON.parse(bytes.toString("utf8"));
    const format = typeof parsed === "object" && parsed !== null && "format" in parsed ? parsed.format : undefined;
    return typeof format === "string" && format.startsWith("judgeloop.program/");
  };
  return Object.entries(files)
    .filter(([path, bytes]) => path.endsWith(".json") && isProgram(bytes))
    .map(([path]) => path);
}

describe("secrets in a pipeline run (fake keys)", () => {
  it("sends the OpenAI key to the provider and writes no key into any output, log, artifact or trace of the run", async () => {
    // Prepare
    const env = { ...envWith("home-ok", accepting.baseURL), OTEL_EXPORTER_OTLP_ENDPOINT: traces.endpoint };
    const config = await writeSmallConfig(dir, { models: openaiModels });

    // Act
    const run = await judgeloop(["pipeline", "--config", config], env);
    const home = join(dir, "home-ok");
    const programs = savedPrograms(await filesUnder(home));
    await mkdir(join(home, "exported"), { recursive: true });
    const exports = await Promise.all(
      programs.map((program, i) =>
        judgeloop(["export-dspy", join(home, program), "--out", join(home, "exported", `dspy-${i}.json`)], env),
      ),
    );
    const mlflow = await judgeloop(
      ["runs", "export", runIdIn(run.stderr), "--format", "mlflow", "--out", join(home, "mlflow")],
      env,
    );
    const files = await filesUnder(home);
    const mlflowFiles = await filesUnder(join(home, "mlflow"));

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(mlflow.code, mlflow.stderr).toBe(0);
    expect(Object.keys(mlflowFiles)).toContain("meta.yaml");
    // No prompt, conversation or request body: the baseline instructions and transcripts stay out.
    const exported = Object.values(mlflowFiles).map(String).join("\n");
    expect(exported).not.toContain(baselineGeneratorInstructions);
    expect(exported).not.toContain("Transcript so far");
    expect(exported).not.toContain("Customer:");
    expect(accepting.authorized()).toBeGreaterThan(0);
    expect(programs.length).toBeGreaterThan(0);
    expect(exports.map((result) => result.code)).toEqual(programs.map(() => 0));
    const kinds = new Set(Object.keys(files).map((path) => path.split(".").pop()));
    for (const kind of ["json", "jsonl", "html", "db"]) expect(kinds).toContain(kind);
    const exportOutputs = exports.map((result, i) => [`export-dspy ${i}`, result.stdout + result.stderr]);
    const outputs = { stdout: run.stdout, stderr: run.stderr, ...Object.fromEntries(exportOutputs) };
    expect(leaksIn(outputs, secrets)).toEqual([]);
    expect(leaksIn(files, secrets)).toEqual([]);
    // The run's trace: OpenAI chat spans, and no key, prompt, transcript or request body in them.
    const chats = traces.spans().filter((span) => span.attributes["gen_ai.operation.name"] === "chat");
    expect(chats.length).toBeGreaterThan(0);
    expect(chats.every((span) => span.attributes["gen_ai.provider.name"] === "openai")).toBe(true);
    const exportedSpans = Buffer.concat(traces.bodies());
    expect(leaksIn({ spans: exportedSpans }, secrets)).toEqual([]);
    const spanText = exportedSpans.toString("latin1");
    for (const text of [baselineGeneratorInstructions, "Transcript so far", "Customer:", '"messages"', "Bearer"]) {
      expect(spanText).not.toContain(text);
    }
  });

  it("keeps keys out of traces recorded with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true, which hold the prompts", async () => {
    // Prepare
    const env = {
      ...envWith("home-capture", accepting.baseURL),
      OTEL_EXPORTER_OTLP_ENDPOINT: traces.endpoint,
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true",
    };
    const before = traces.bodies().length;

    // Act
    const evaluation = await evaluateJudged(env);

    // Assess
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const exported = Buffer.concat(traces.bodies().slice(before));
    expect(exported.toString("utf8")).toContain("Transcript so far");
    expect(leaksIn({ spans: exported, outputs: evaluation.stdout + evaluation.stderr }, secrets)).toEqual([]);
  });
});

describe("secrets in failure paths (fake keys)", () => {
  it("keeps the trace endpoint's credentials out of the warning when the collector answers 401 and echoes them", async () => {
    // Prepare
    const endpoint = new URL(rejectingTraces.endpoint);
    endpoint.username = "otel";
    endpoint.password = secrets.JUDGELOOP_API_TOKEN;
    const env = {
      ...envWith("home-otel-401", accepting.baseURL),
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint.toString(),
      OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer ${secrets.ANTHROPIC_API_KEY}`,
    };

    // Act
    const evaluation = await evaluateJudged(env);

    // Assess
    expect(evaluation.code, evaluation.stderr).toBe(0);
    expect(evaluation.stderr).toMatch(/could not export traces to http:\/\/127\.0\.0\.1:\d+ \(HTTP 401\)/);
    expect(leaksIn({ outputs: evaluation.stdout + evaluation.stderr }, secrets)).toEqual([]);
  });

  it("keeps the key out of errors when the provider answers 401 and echoes the key back", async () => {
    // Prepare
    const env = envWith("home-401", rejecting.baseURL);
    const config = await writeSmallConfig(dir, { models: openaiModels });
    const before = rejecting.authorized();

    // Act
    const evaluation = await evaluateJudged(env);
    const pipeline = await judgeloop(["pipeline", "--config", config], env);
    const files = await filesUnder(join(dir, "home-401")).catch(() => ({}));

    // Assess
    expect(rejecting.authorized()).toBeGreaterThan(before);
    expect(pipeline.code).not.toBe(0);
    expect(`${evaluation.stdout}${evaluation.stderr}${pipeline.stderr}`).toMatch(/401|auth/i);
    const outputs = { evaluate: evaluation.stdout + evaluation.stderr, pipeline: pipeline.stdout + pipeline.stderr };
    expect(leaksIn(outputs, secrets)).toEqual([]);
    expect(leaksIn(files, secrets)).toEqual([]);
  });

  it("keeps a key pasted into the wrong place of a config out of the error naming that place", async () => {
    // Prepare
    const env = envWith("home-bad-config", accepting.baseURL);
    const pasted = await writeSmallConfig(dir, { models: { ...openaiModels, judge: secrets.OPENAI_API_KEY } });
    const unknownKey = join(dir, "unknown-key.config.json");
    await writeFile(unknownKey, JSON.stringify({ data: { input: conversationsFile }, apiKey: secrets.GEMINI_API_KEY }));

    // Act
    const results = [
      await judgeloop(["pipeline", "--config", pasted], env),
      await judgeloop(["pipeline", "--config", unknownKey], env),
    ];

    // Assess
    expect(results.map((result) => result.code)).toEqual([1, 1]);
    expect(results[0]?.stderr).toMatch(/models\.judge/);
    expect(results[1]?.stderr).toMatch(/apiKey/);
    const outputs = Object.fromEntries(results.map((result, i) => [`config ${i}`, result.stdout + result.stderr]));
    expect(leaksIn(outputs, secrets)).toEqual([]);
  });

  it("keeps the API token out of responses and request logs of `judgeloop serve`, right token or wrong", async () => {
    // Prepare
    const env = envWith("home-serve", accepting.baseURL);
    const { child, stderr: banner } = await startUntil(["serve", "--port", "0", "--json"], env, "judgeloop API at");
    let logs = banner;
    child.stderr?.on("data", (chunk: Buffer) => {
      logs += chunk.toString();
    });
    const url = /judgeloop API at (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1] ?? "";
    const send = async (path: string, token: string, init: RequestInit = {}) => {
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const response = await fetch(`${url}${path}`, { ...init, headers });
      return { status: response.status, text: await response.text() };
    };

    // Act
    const answers = await Promise.all([
      send("/v1/runs/run-unknown", `${secrets.JUDGELOOP_API_TOKEN}x`),
      send("/v1/runs/run-unknown", secrets.OPENAI_API_KEY),
      send("/v1/runs/run-unknown", secrets.JUDGELOOP_API_TOKEN),
      send("/v1/datasets", secrets.JUDGELOOP_API_TOKEN, { method: "POST", body: "{not json" }),
    ]).finally(() => killHard(child));

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 404, 400]);
    expect(logs).toMatch(/GET \/v1\/runs\/run-unknown 401/);
    const outputs = Object.fromEntries(answers.map((answer, i) => [`answer ${i}`, answer.text]));
    expect(leaksIn({ ...outputs, logs }, secrets)).toEqual([]);
  });
});
