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
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import type { ClientRequest } from "node:http";
import { parseArgs } from "node:util";
import { PurgeQueueCommand } from "@aws-sdk/client-sqs";
import { isStageName, type Row, type StageName } from "@judgeloop/core";
import { type AwsStack, startAwsStack } from "../tests/e2e-aws/support/aws-stack.ts";
import { importedDataset, runEmulatedPipeline } from "../tests/e2e-aws/support/emulated-pipeline.ts";

const lambdaLimitMs = 15 * 60_000;
/**
 * Each function's deployed timeout (stacks/settings.ts defaults: steps 300 s, the worker 120 s;
 * RunStages 900 s in stacks/pipeline.ts): the bound an emulated invocation is compared with.
 */
const deployedTimeoutMs: Record<string, number> = {
  "run-stages": 900_000,
  dispatch: 300_000,
  sweep: 300_000,
  "record-failure": 300_000,
  worker: 120_000,
};
const conversations = new URL("../examples/airline-support/conversations.jsonl", import.meta.url);

interface SizeResult {
  size: number;
  wallMs: number;
  jobs: number;
  durations: Map<string, number[]>;
  /** Bytes of each job message the workers received. */
  messageBytes: number[];
  /** HTTP requests to the emulators during the size's run, by service and operation. */
  requests: Map<string, number>;
}

/**
 * Counts every HTTP request this process sends (the functions' and the harness's SDK calls to
 * the emulators) by `Service.Operation`: DynamoDB and SQS name it in `X-Amz-Target`, S3 by
 * method. What a job costs on AWS is priced per request, so these are the per-job figures.
 */
function countRequests(): { requests: Map<string, number>; stop(): void } {
  const requests = new Map<string, number>();
  const onRequest = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    const target = request.getHeader("x-amz-target");
    const operation = target
      ? String(target)
          .replace(/^DynamoDB_\d+/, "DynamoDB")
          .replace(/^AmazonSQS/, "SQS")
          .replace(/^AWSStepFunctions/, "SFN")
      : `S3.${request.method}`;
    requests.set(operation, (requests.get(operation) ?? 0) + 1);
  };
  subscribe("http.client.request.start", onRequest);
  return { requests, stop: () => unsubscribe("http.client.request.start", onRequest) };
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
    // A tenth of the simulator's nominal prices: at the defaults the 20k run's whole-pipeline
    // estimate is $64, above the API's $50 per-run limit. The models (the simulator) are unchanged.
    prices: Object.fromEntries(
      ["sim/generator", "sim/judge", "sim/gold", "sim/strong"].map((model) => [model, { input: 0.1, output: 0.4 }]),
    ),
  };
}

/** One size on the shared stack (the functions build their clients once per process: one stack per process). */
async function runSize(stack: AwsStack, size: number, until: StageName): Promise<SizeResult> {
  const durations = new Map<string, number[]>();
  const messageBytes: number[] = [];
  const counting = countRequests();
  const started = performance.now();
  const run = await runEmulatedPipeline({
    stack,
    config: configOf(size),
    dataset: importedDataset(conversationsOf(size), `aws-scale-${size}`),
    idempotencyKey: `aws-scale-${size}`,
    capUsd: 50,
    // The emulated workers are one poller in this process, far slower than Lambda's concurrent
    // batches: the round's wait is sized to the work (1 job per second) so a large pass is not swept.
    dispatchTimeoutSeconds: Math.max(900, size),
    stopAfter: until,
    onInvocation: (fn, ms) => durations.set(fn, [...(durations.get(fn) ?? []), ms]),
    onJobMessage: (bytes) => messageBytes.push(bytes),
    log: (line) => process.stderr.write(`  [${size}] ${line}\n`),
  });
  const wallMs = performance.now() - started;
  counting.stop();
  if (run.record.stages[until]?.status !== "succeeded") throw new Error(`stage ${until} did not succeed at ${size}`);
  const jobs = Object.values(run.jobs).reduce((sum, counts) => sum + (counts?.jobs ?? 0), 0);
  // The stopped run's next round is still queued: dropped so the next size measures its own jobs only.
  await stack.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.queueUrl }));
  return { size, wallMs, jobs, durations, messageBytes, requests: counting.requests };
}

function stats(values: readonly number[]): { n: number; p95: number; max: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { n: values.length, p95, max: sorted.at(-1) ?? 0, mean };
}

const column = 34;
const dynamoWrites = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]);

/** Per stage job: DynamoDB writes and reads, then each operation, most frequent first. */
function requestRows(results: readonly SizeResult[]): [string, string[]][] {
  const perJob = (r: SizeResult, count: (operation: string) => boolean) => {
    const total = [...r.requests].filter(([operation]) => count(operation)).reduce((sum, [, n]) => sum + n, 0);
    return (total / Math.max(1, r.jobs)).toFixed(2);
  };
  const isWrite = (operation: string) => operation.startsWith("DynamoDB.") && dynamoWrites.has(operation.slice(9));
  const isRead = (operation: string) => operation.startsWith("DynamoDB.") && !isWrite(operation);
  const total = (operation: string) => results.reduce((sum, r) => sum + (r.requests.get(operation) ?? 0), 0);
  const operations = [...new Set(results.flatMap((r) => [...r.requests.keys()]))].sort((a, b) => total(b) - total(a));
  return [
    ["DynamoDB writes", results.map((r) => perJob(r, isWrite))],
    ["DynamoDB reads", results.map((r) => perJob(r, isRead))],
    ...operations
      .filter((operation) => results.some((r) => (r.requests.get(operation) ?? 0) / Math.max(1, r.jobs) >= 0.01))
      .map((operation): [string, string[]] => [
        `  ${operation}`,
        results.map((r) => perJob(r, (o) => o === operation)),
      ]),
  ];
}

function render(results: readonly SizeResult[], until: StageName): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const row = (label: string, cells: string[]) => `${label.padEnd(26)}${cells.map((c) => c.padStart(column)).join("")}`;
  const lines = [
    `SIMULATED: pipeline stages up to \`${until}\` on emulated AWS (fauxqs, dynalite, aws-local-stepfunctions)`,
    "",
    row(
      "judge set",
      results.map((r) => String(r.size)),
    ),
    row(
      "wall time",
      results.map((r) => seconds(r.wallMs)),
    ),
    row(
      "stage jobs",
      results.map((r) => String(r.jobs)),
    ),
    row(
      "jobs/s",
      results.map((r) => (r.jobs / (r.wallMs / 1000)).toFixed(1)),
    ),
    row(
      "bytes/job message",
      results.map((r) => `mean ${stats(r.messageBytes).mean.toFixed(0)}, max ${stats(r.messageBytes).max}`),
    ),
    "",
    `requests per stage job (every request of the run up to \`${until}\`, divided by its jobs)`,
    ...requestRows(results).map(([label, cells]) => row(label, cells)),
    "",
    row(
      "function",
      results.map(() => "calls     p95      max  of bound"),
    ),
  ];
  const functions = [...new Set(results.flatMap((r) => [...r.durations.keys()]))].sort();
  for (const fn of functions) {
    const bound = deployedTimeoutMs[fn] ?? lambdaLimitMs;
    const cells = results.map((r) => {
      const s = stats(r.durations.get(fn) ?? []);
      const share = `${((s.max / bound) * 100).toFixed(2)}%`;
      return `${String(s.n).padStart(5)} ${`${s.p95.toFixed(0)} ms`.padStart(8)} ${`${s.max.toFixed(0)} ms`.padStart(8)} ${share.padStart(9)}`;
    });
    lines.push(row(`${fn} (${bound / 1000} s)`, cells));
  }
  const first = results[0];
  const last = results.at(-1);
  if (first && last && first !== last) {
    const maxOf = (r: SizeResult) => Math.max(...[...r.durations.values()].flat());
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
  const stack = await startAwsStack();
  try {
    for (const size of sizes) results.push(await runSize(stack, size, until));
  } finally {
    await stack.stop();
  }
  process.stdout.write(`${render(results, until)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:aws-scale: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
