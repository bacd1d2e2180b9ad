/**
 * Load benchmark: a 5,000-example evaluation against `sim serve` at a rate limit, and the HTTP
 * API under a burst of concurrent run submissions.
 *
 * (a) Starts `sim serve` in-process on 127.0.0.1 with an rpm limit and latency, and evaluates
 * judge examples through the OpenAI provider, the rate limiter and retries, with a concurrency
 * high enough that the rate limit is the bound. Reports throughput against that bound, p50/p99
 * per-example latency, peak memory, 429s and lost examples (an example is lost unless it has
 * exactly one record, scored or an error with its reason).
 * (b) Serves the API on 127.0.0.1 and sends N POST /v1/runs at once with distinct and repeated
 * Idempotency-Keys: no 5xx, one run per distinct key, replays get the same run, all runs end.
 * Every LM answer is simulated.
 *
 * Run: npx tsx bench/load.ts [--examples 5000] [--rpm 3000] [--latency-ms 100] [--concurrency 16]
 *                            [--requests 50] [--distinct-keys 30]
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type ApiBurstResult, runApiBurst } from "./support/load-api.ts";
import { type EvaluationLoadResult, runEvaluationLoad } from "./support/load-evaluation.ts";

function table(e: EvaluationLoadResult, a: ApiBurstResult): string {
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const statuses = Object.entries(a.statuses)
    .map(([status, count]) => `${count}×${status}`)
    .join(", ");
  const rows: [string, string][] = [
    [
      "(a) evaluation, SIMULATED",
      `${e.examples} examples, sim serve rpm ${e.rpm}, latency ${e.latencyMs} ms, concurrency ${e.concurrency}`,
    ],
    ["    wall time", `${e.seconds.toFixed(1)} s`],
    ["    throughput", `${e.requestsPerSecond.toFixed(2)} req/s vs bound ${e.boundPerSecond.toFixed(2)} req/s`],
    ["    ratio to bound", `${e.ratio.toFixed(3)} (bound = min(rpm/60, concurrency/latency))`],
    ["    per-example latency", `p50 ${ms(e.p50LatencyMs)}, p99 ${ms(e.p99LatencyMs)}`],
    [
      "    peak memory",
      `rss sampled ${e.memory.sampledRssMiB.toFixed(0)} MiB, maxRSS ${e.memory.maxRssMiB.toFixed(0)} MiB`,
    ],
    ["    429 responses", `${e.rateLimited} (retries ${e.retries})`],
    ["    records", `${e.scored} scored, ${e.failed} failed with a reason, ${e.lost} lost`],
    [
      "(b) API burst, SIMULATED runs",
      `${a.requests} concurrent POST /v1/runs, ${a.distinctKeys} distinct Idempotency-Keys`,
    ],
    ["    run service", a.runService],
    ["    answers", `${statuses}; ${a.serverErrors} 5xx`],
    ["    idempotency", `${a.runsStored} runs stored, ${a.idempotencyViolations} violations`],
    ["    submit latency", `p50 ${ms(a.p50LatencyMs)}, p99 ${ms(a.p99LatencyMs)}`],
    [
      "    runs completed",
      `${a.succeededRuns}/${a.runsStored} succeeded, all ended ${a.secondsToAllDone.toFixed(1)} s after the burst`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return ["load benchmark", ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)].join("\n");
}

function passed(e: EvaluationLoadResult, a: ApiBurstResult): boolean {
  const burstOk = a.serverErrors === 0 && a.idempotencyViolations === 0 && a.runsStored === a.distinctKeys;
  return e.lost === 0 && e.ratio >= 0.9 && burstOk && a.succeededRuns === a.runsStored;
}

function optionsFromArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      examples: { type: "string", default: "5000" },
      rpm: { type: "string", default: "3000" },
      "latency-ms": { type: "string", default: "100" },
      concurrency: { type: "string", default: "16" },
      requests: { type: "string", default: "50" },
      "distinct-keys": { type: "string", default: "30" },
    },
  });
  const positive = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!(n > 0)) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const burst = { requests: positive("requests"), distinctKeys: positive("distinct-keys") };
  if (burst.distinctKeys > burst.requests) throw new Error("--distinct-keys must not exceed --requests");
  return {
    evaluation: {
      examples: positive("examples"),
      rpm: positive("rpm"),
      latencyMs: positive("latency-ms"),
      concurrency: positive("concurrency"),
    },
    burst,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const options = optionsFromArgs(process.argv.slice(2));
  const evaluation = await runEvaluationLoad(options.evaluation);
  const burst = await runApiBurst(options.burst);
  process.stdout.write(`${table(evaluation, burst)}\n`);
  process.exitCode = passed(evaluation, burst) ? 0 : 1;
}
