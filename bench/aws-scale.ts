/**
 * A pipeline's per-example stages at scale on the emulated AWS deployment (every number is
 * SIMULATED: the simulator as every model; fauxqs, dynalite and aws-local-stepfunctions on
 * 127.0.0.1 as S3, SQS, DynamoDB and Step Functions, with the real Lambda handlers).
 *
 * For each size N, a pipeline run whose judge set holds N conversations runs through the
 * pipeline state machine until its `--until` stage has succeeded (default `generate`: one
 * N-example stage pass through the job queue). Prints the wall time and, per Lambda function,
 * its invocations and the median and maximum duration of one invocation, side by side for the
 * sizes: a bounded stage keeps every invocation far from Lambda's 15-minute limit, with a
 * maximum that grows little with N (RunStages only plans and collects; the workers take one
 * SQS batch at a time).
 *
 * The conversations are the bundled airline-support ones, repeated under new ids to reach N
 * (so later copies share cached answers; every job still goes through the queue).
 *
 * Run: npm run bench:aws-scale [-- --sizes 2000,20000 --until generate|label|judge-eval]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { isStageName, type Row, type StageName } from "@judgeloop/core";
import { startAwsStack } from "../tests/e2e-aws/support/aws-stack.ts";
import { importedDataset, runEmulatedPipeline } from "../tests/e2e-aws/support/emulated-pipeline.ts";

const lambdaLimitMs = 15 * 60_000;
const conversations = new URL("../examples/airline-support/conversations.jsonl", import.meta.url);

interface SizeResult {
  size: number;
  wallMs: number;
  jobs: number;
  durations: Map<string, number[]>;
}

/** N conversations: the bundled ones, repeated with a copy suffix on each id. */
function conversationsOf(size: number): Row[] {
  const base = readFileSync(conversations, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Row);
  // Prepare keeps English conversations only: generous headroom so the sample can be N + 40.
  const copies = Math.ceil(((size + 40) * 1.6) / base.length);
  return Array.from({ length: copies }, (_, copy) =>
    base.map((row) => ({ ...row, conversation_id: `${String(row.conversation_id)}-c${copy}` })),
  ).flat();
}

function configOf(size: number) {
  return {
    name: `aws-scale-${size}`,
    prepare: {
      seed: 10,
      languages: ["en"],
      sample: { size: size + 40 },
      splits: { judgeSet: size, judgeValidation: Math.min(200, Math.floor(size / 5)), devHoldout: 20 },
    },
    stability: { repeats: 2, examples: 5 },
  };
}

async function runSize(size: number, until: StageName): Promise<SizeResult> {
  const stack = await startAwsStack();
  const durations = new Map<string, number[]>();
  try {
    const started = performance.now();
    const run = await runEmulatedPipeline({
      stack,
      config: configOf(size),
      dataset: importedDataset(conversationsOf(size), `aws-scale-${size}`),
      idempotencyKey: `aws-scale-${size}`,
      capUsd: 50,
      stopAfter: until,
      onInvocation: (fn, ms) => durations.set(fn, [...(durations.get(fn) ?? []), ms]),
      log: (line) => process.stderr.write(`  [${size}] ${line}\n`),
    });
    const wallMs = performance.now() - started;
    if (run.record.stages[until]?.status !== "succeeded") throw new Error(`stage ${until} did not succeed at ${size}`);
    const jobs = Object.values(run.jobs).reduce((sum, counts) => sum + (counts?.jobs ?? 0), 0);
    return { size, wallMs, jobs, durations };
  } finally {
    await stack.stop();
  }
}

function stats(values: readonly number[]): { n: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return { n: values.length, median, max: sorted.at(-1) ?? 0 };
}

function render(results: readonly SizeResult[], until: StageName): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `SIMULATED: pipeline stages up to \`${until}\` on emulated AWS (fauxqs, dynalite, aws-local-stepfunctions)`,
    "",
    `judge set        ${results.map((r) => String(r.size).padStart(28)).join("")}`,
    `wall time        ${results.map((r) => seconds(r.wallMs).padStart(28)).join("")}`,
    `stage jobs       ${results.map((r) => String(r.jobs).padStart(28)).join("")}`,
    "",
    `function         ${results.map(() => "invocations  median     max".padStart(28)).join("")}`,
  ];
  const functions = [...new Set(results.flatMap((r) => [...r.durations.keys()]))].sort();
  for (const fn of functions) {
    const cells = results.map((r) => {
      const s = stats(r.durations.get(fn) ?? []);
      return `${String(s.n).padStart(11)}  ${`${s.median.toFixed(0)} ms`.padStart(6)}  ${`${s.max.toFixed(0)} ms`.padStart(7)}`.padStart(
        28,
      );
    });
    lines.push(`${fn.padEnd(17)}${cells.join("")}`);
  }
  const first = results[0];
  const last = results.at(-1);
  if (first && last && first !== last) {
    const maxOf = (r: SizeResult) => Math.max(...[...r.durations.values()].flatMap((d) => d));
    lines.push(
      "",
      `${last.size / first.size}x the examples: longest invocation ${(maxOf(last) / maxOf(first)).toFixed(2)}x ` +
        `(${seconds(maxOf(last))}, ${((maxOf(last) / lambdaLimitMs) * 100).toFixed(2)}% of Lambda's 15-minute limit)`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: "string", default: "2000,20000" }, until: { type: "string", default: "generate" } },
  });
  const until = values.until;
  if (!isStageName(until)) throw new Error(`--until: ${until} is not a stage`);
  const sizes = values.sizes.split(",").map((size) => Number.parseInt(size, 10));
  if (sizes.some((size) => !Number.isInteger(size) || size < 50)) throw new Error("--sizes: integers of at least 50");
  for (const name of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY"])
    delete process.env[name];
  const results: SizeResult[] = [];
  for (const size of sizes) results.push(await runSize(size, until));
  process.stdout.write(`${render(results, until)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:aws-scale: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
