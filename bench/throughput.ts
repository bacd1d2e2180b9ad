/**
 * Throughput benchmark: how close does an evaluation get to the rate a provider allows?
 *
 * Starts `sim serve` in-process on 127.0.0.1 (RPM limit and latency as a real provider would
 * have them), then evaluates judge examples through the real OpenAI provider LM pointed at it,
 * wrapped in the shared rate limiter and the retry layer, with `evaluate` at a fixed concurrency.
 * The best any client can do is min(RPM / 60, concurrency / latency) requests per second; the
 * benchmark prints what it achieved, the ratio to that bound (target >= 0.9), the 429s the server
 * sent and the examples that failed. Every answer is simulated.
 *
 * Run: npx tsx bench/throughput.ts [--examples 500] [--rpm 600] [--latency-ms 150] [--concurrency 4]
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { evaluate, exactMatch } from "@judgeloop/core";
import { startSimServer } from "@judgeloop/local";
import { httpJudge } from "./support/http-judge.ts";
import { judgeExamples } from "./support/judge-examples.ts";

export interface ThroughputOptions {
  examples: number;
  rpm: number;
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
  retries: number;
  failedExamples: number;
  /** Judge accuracy against the simulated truth: a sanity check, not a finding. */
  simulatedAccuracy: number | null;
}

/** Runs the benchmark once and returns its numbers. */
export async function runThroughputBenchmark(options: ThroughputOptions): Promise<ThroughputResult> {
  const server = await startSimServer({ rpm: options.rpm, latencyMs: options.latencyMs });
  try {
    const { judge, retries } = httpJudge(server.baseURL, options);

    const started = performance.now();
    const result = await evaluate(judge, judgeExamples(options.examples), exactMatch("satisfied"), {
      concurrency: options.concurrency,
    });
    const seconds = (performance.now() - started) / 1000;

    const { completed, rateLimited } = server.stats();
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
      retries: retries(),
      failedExamples: result.errors + result.notRun,
      simulatedAccuracy: result.score,
    };
  } finally {
    await server.close();
  }
}

function report(r: ThroughputResult): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return [
    "throughput benchmark (SIMULATED: judgeloop sim serve on 127.0.0.1)",
    `  setup            ${r.examples} examples, rpm ${r.rpm}, latency ${r.latencyMs} ms, concurrency ${r.concurrency}`,
    `  requests         ${r.requests} completed in ${r.seconds.toFixed(1)} s`,
    `  achieved         ${r.achievedPerSecond.toFixed(2)} requests/s`,
    `  bound            ${r.boundPerSecond.toFixed(2)} requests/s = min(rpm/60, concurrency/latency)`,
    `  ratio            ${r.ratio.toFixed(3)} (target >= 0.9)`,
    `  429 responses    ${r.rateLimited} (retries: ${r.retries})`,
    `  failed examples  ${r.failedExamples}`,
    `  judge accuracy   ${r.simulatedAccuracy === null ? "n/a" : pct(r.simulatedAccuracy)} vs the simulated truth`,
  ].join("\n");
}

function optionsFromArgs(argv: string[]): ThroughputOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      examples: { type: "string", default: "500" },
      rpm: { type: "string", default: "600" },
      "latency-ms": { type: "string", default: "150" },
      concurrency: { type: "string", default: "4" },
    },
  });
  const positive = (name: string, text: string) => {
    const n = Number(text);
    if (!(n > 0)) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  return {
    examples: positive("examples", values.examples),
    rpm: positive("rpm", values.rpm),
    latencyMs: positive("latency-ms", values["latency-ms"]),
    concurrency: positive("concurrency", values.concurrency),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runThroughputBenchmark(optionsFromArgs(process.argv.slice(2)));
  process.stdout.write(`${report(result)}\n`);
  process.exitCode = result.ratio >= 0.9 && result.failedExamples === 0 ? 0 : 1;
}
