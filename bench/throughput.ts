/**
 * Throughput benchmark: how close does an evaluation get to the rate a provider allows, and does
 * it lose any example on the way?
 *
 * Starts `sim serve` in-process on 127.0.0.1 (RPM limit and latency as a real provider would
 * have them), then evaluates judge examples through the real OpenAI provider LM pointed at it,
 * wrapped in the shared rate limiter and the retry layer, with `evaluate` at a fixed concurrency.
 * The best any client can do is min(RPM / 60, concurrency / latency) requests per second; the
 * benchmark prints what it achieved, the ratio to that bound (target >= 0.9), the 429s the server
 * sent and the examples that failed (target 0). Every answer is simulated.
 *
 * With no scenario flags it runs two scenarios, side by side:
 * - configured: the client is told the server's RPM (`--limit-rpm` = the real one), no faults;
 * - undisclosed: the client is told nothing, the server shows no rate-limit headers (only
 *   retry-after on a 429) and injects 3% extra 429s and 3% 500s, at concurrency 16.
 * Any scenario flag (--configured-rpm-factor, --faults, --headers, --minutes) runs one scenario
 * built from the flags instead, e.g. the 10-minute run at a configured RPM twice the real one:
 *   npx tsx bench/throughput.ts --minutes 10 --configured-rpm-factor 2 --rpm 1200 --concurrency 16 --faults 429:0.03,500:0.03
 *
 * Run: npm run bench:throughput [-- --examples 300 --rpm 1200 --latency-ms 150 --concurrency 16]
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { evaluate, exactMatch } from "@judgeloop/core";
import { type SimRateLimitHeaders, simRateLimitHeaderModes, startSimServer } from "@judgeloop/local";
import { httpJudge } from "./support/http-judge.ts";
import { judgeExamples } from "./support/judge-examples.ts";

export interface ThroughputOptions {
  /** Names the scenario in the report. */
  label: string;
  examples: number;
  /** The server's real requests-per-minute limit. */
  rpm: number;
  /** The client's `--limit-rpm` as a multiple of the real one; 0 configures none (the limiter learns). */
  configuredRpmFactor: number;
  /** What the server discloses about its limit. */
  headers: SimRateLimitHeaders;
  /** The server's fault spec, e.g. `429:0.03,500:0.03`; empty for none. */
  faults: string;
  latencyMs: number;
  concurrency: number;
}

export interface ThroughputResult extends ThroughputOptions {
  requests: number;
  seconds: number;
  achievedPerSecond: number;
  boundPerSecond: number;
  ratio: number;
  rateLimited: number;
  serverErrors: number;
  retries: number;
  /** The requests-per-minute limit the client's limiter ended with (configured, reported or learned). */
  limiterRpm: number | undefined;
  failedExamples: number;
  /** Judge accuracy against the simulated truth: a sanity check, not a finding. */
  simulatedAccuracy: number | null;
}

/** Runs one scenario and returns its numbers. */
export async function runThroughputBenchmark(options: ThroughputOptions): Promise<ThroughputResult> {
  const server = await startSimServer({
    rpm: options.rpm,
    latencyMs: options.latencyMs,
    rateLimitHeaders: options.headers,
    ...(options.faults !== "" && { faults: options.faults }),
  });
  try {
    const configured = options.configuredRpmFactor > 0 ? options.rpm * options.configuredRpmFactor : undefined;
    const { judge, retries, limiter } = httpJudge(server.baseURL, {
      ...(configured !== undefined && { rpm: configured }),
      concurrency: options.concurrency,
    });

    const started = performance.now();
    const result = await evaluate(judge, judgeExamples(options.examples), exactMatch("satisfied"), {
      concurrency: options.concurrency,
    });
    const seconds = (performance.now() - started) / 1000;

    const { completed, rateLimited, serverErrors } = server.stats();
    const achievedPerSecond = completed / seconds;
    const boundPerSecond = Math.min(options.rpm / 60, options.concurrency / (options.latencyMs / 1000));
    return {
      ...options,
      requests: completed,
      seconds,
      achievedPerSecond,
      boundPerSecond,
      ratio: achievedPerSecond / boundPerSecond,
      rateLimited,
      serverErrors,
      retries: retries(),
      limiterRpm: limiter().rpm,
      failedExamples: result.errors + result.notRun,
      simulatedAccuracy: result.score,
    };
  } finally {
    await server.close();
  }
}

/** The two default scenarios, from the shared flags. */
export function defaultScenarios(
  base: Omit<ThroughputOptions, "label" | "configuredRpmFactor" | "headers" | "faults">,
) {
  return [
    { ...base, label: "configured", configuredRpmFactor: 1, headers: "openai", faults: "" },
    { ...base, label: "undisclosed", configuredRpmFactor: 0, headers: "retry-after", faults: "429:0.03,500:0.03" },
  ] satisfies ThroughputOptions[];
}

function describeClient(r: ThroughputOptions): string {
  return r.configuredRpmFactor > 0 ? `--limit-rpm ${r.rpm * r.configuredRpmFactor}` : "no --limit-rpm (learned)";
}

function report(results: readonly ThroughputResult[]): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = ["throughput benchmark (SIMULATED: judgeloop sim serve on 127.0.0.1)"];
  for (const r of results) {
    lines.push(
      `${r.label}:`,
      `  setup            ${r.examples} examples, server rpm ${r.rpm} (headers: ${r.headers}, faults: ${r.faults || "none"}), latency ${r.latencyMs} ms, concurrency ${r.concurrency}`,
      `  client           ${describeClient(r)}; limiter ended at ${r.limiterRpm === undefined ? "no rpm" : `${Math.round(r.limiterRpm)} rpm`}`,
      `  requests         ${r.requests} completed in ${r.seconds.toFixed(1)} s`,
      `  achieved         ${r.achievedPerSecond.toFixed(2)} requests/s`,
      `  bound            ${r.boundPerSecond.toFixed(2)} requests/s = min(rpm/60, concurrency/latency)`,
      `  ratio            ${r.ratio.toFixed(3)} (target >= 0.9)`,
      `  429 / 5xx sent   ${r.rateLimited} / ${r.serverErrors} (retries: ${r.retries})`,
      `  lost examples    ${r.failedExamples} (target 0)`,
      `  judge accuracy   ${r.simulatedAccuracy === null ? "n/a" : pct(r.simulatedAccuracy)} vs the simulated truth`,
    );
  }
  return lines.join("\n");
}

function scenariosFromArgs(argv: string[]): ThroughputOptions[] {
  const { values } = parseArgs({
    args: argv,
    options: {
      examples: { type: "string", default: "300" },
      rpm: { type: "string", default: "1200" },
      "latency-ms": { type: "string", default: "150" },
      concurrency: { type: "string", default: "16" },
      minutes: { type: "string" },
      "configured-rpm-factor": { type: "string" },
      faults: { type: "string" },
      headers: { type: "string" },
    },
  });
  const positive = (name: string, text: string) => {
    const n = Number(text);
    if (!(n > 0)) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const rpm = positive("rpm", values.rpm);
  const base = {
    examples: positive("examples", values.examples),
    rpm,
    latencyMs: positive("latency-ms", values["latency-ms"]),
    concurrency: positive("concurrency", values.concurrency),
  };
  const custom = [values.minutes, values["configured-rpm-factor"], values.faults, values.headers].some(
    (v) => v !== undefined,
  );
  if (!custom) return defaultScenarios(base);
  const headers = values.headers ?? "retry-after";
  const mode = simRateLimitHeaderModes.find((m) => m === headers);
  if (!mode) throw new Error(`--headers must be one of ${simRateLimitHeaderModes.join(", ")}`);
  const factor = Number(values["configured-rpm-factor"] ?? "0");
  if (!(factor >= 0)) throw new Error("--configured-rpm-factor must be 0 (none) or a positive number");
  // A timed run sizes its examples to keep the server at its limit for that long.
  const examples =
    values.minutes === undefined ? base.examples : Math.round((positive("minutes", values.minutes) * rpm) / 1.06);
  return [
    { ...base, examples, label: "custom", configuredRpmFactor: factor, headers: mode, faults: values.faults ?? "" },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results: ThroughputResult[] = [];
  for (const scenario of scenariosFromArgs(process.argv.slice(2))) results.push(await runThroughputBenchmark(scenario));
  process.stdout.write(`${report(results)}\n`);
  process.exitCode = results.every((r) => r.ratio >= 0.9 && r.failedExamples === 0) ? 0 : 1;
}
