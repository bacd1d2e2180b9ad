// npm run aws:local -- --config FILE [--json] [--check]
//
// Runs a pipeline through the AWS deployment on emulators, all on 127.0.0.1: fauxqs (S3, SQS),
// dynalite (DynamoDB) and the Step Functions wire server, the pipeline and optimizer state
// machines on aws-local-stepfunctions with the real Lambda handlers, and the worker draining the
// job queue. Prints the run's summary and, per stage, the jobs that went through SQS; `--check`
// also runs the same config on the local engine and compares. Every model is the simulator.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  conversationSchema,
  dataInputOf,
  fannedOutStages,
  loadRows,
  parseRunConfigText,
  parseSeedQuestions,
  type RunSummaryData,
} from "@judgeloop/core";
import { readDatasetSource } from "@judgeloop/local";
import { summaryTable } from "../packages/cli/src/commands/report.ts";
import { startAwsStack } from "../tests/e2e-aws/support/aws-stack.ts";
import {
  type EmulatedPipelineRun,
  importedDataset,
  runEmulatedPipeline,
  runLocalTwin,
  summaryNumbers,
} from "../tests/e2e-aws/support/emulated-pipeline.ts";

const providerKeyVariables = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY"];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      config: { type: "string", default: "examples/airline-support/judgeloop.config.json" },
      json: { type: "boolean", default: false },
      check: { type: "boolean", default: false },
    },
  });
  const file = resolve(values.config);
  const { raw, rows, kind, capUsd } = await readConfig(file);
  // The run stays on the simulator, as `judgeloop pipeline` without keys: no provider is reached.
  for (const name of providerKeyVariables) delete process.env[name];
  const started = performance.now();
  const stack = await startAwsStack();
  const home = values.check ? await mkdtemp(join(tmpdir(), "judgeloop-aws-local-")) : undefined;
  try {
    const dataset = importedDataset(rows, String(raw.name ?? "dataset"), kind);
    const run = await runEmulatedPipeline({
      stack,
      config: raw,
      dataset,
      idempotencyKey: `aws-local-${Date.now()}`,
      capUsd,
      log: (line) => process.stderr.write(`aws:local: ${line}\n`),
    });
    if (home) process.stderr.write("aws:local: the same run on the local engine, to compare\n");
    const local = home ? await runLocalTwin(home, raw, dataset, capUsd) : undefined;
    const matches = local
      ? JSON.stringify(summaryNumbers(run.summary)) === JSON.stringify(summaryNumbers(local.summary))
      : undefined;
    const stages = stageLines(run, local?.jobs);
    // Emulators, deployment and the run (and the local twin with --check): what a user waits for.
    const wallMs = Math.round(performance.now() - started);
    if (values.json) {
      const aws = {
        runId: run.runId,
        status: run.record.status,
        wallMs,
        stages,
        ...(matches !== undefined && { matchesLocalEngine: matches }),
      };
      process.stdout.write(`${JSON.stringify({ ...(run.summary as object), aws }, null, 2)}\n`);
    } else {
      process.stdout.write(`${summaryTable(run.summary as RunSummaryData)}\n\n`);
      process.stdout.write(`${stageTable(stages)}\n`);
      process.stdout.write(`\nwall time: ${(wallMs / 1000).toFixed(1)} s\n`);
      if (matches !== undefined)
        process.stdout.write(`\nsummary equal to the local engine's: ${matches ? "yes" : "NO"}\n`);
    }
    const balanced = Object.values(stages).every((stage) => stage.jobs === stage.calls + stage.cached);
    if (run.record.status !== "succeeded") process.stderr.write(`aws:local: the run ended ${run.record.status}\n`);
    if (!balanced) process.stderr.write("aws:local: a stage's jobs are not its LM calls plus cache hits\n");
    if (matches === false) process.stderr.write("aws:local: the summary differs from the local engine's\n");
    return run.record.status === "succeeded" && balanced && matches !== false ? 0 : 1;
  } finally {
    await stack.stop();
    if (home) await rm(home, { recursive: true, force: true });
  }
}

/**
 * The config as the API takes it, its conversations (or, with data.synthesize, its seed
 * questions), and the run's cap (the config's, else $20).
 */
async function readConfig(file: string) {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${file}: cannot read the config (${error.code ?? error.message})`);
  });
  const config = parseRunConfigText(text, file);
  if (config.labels.source === "sme") {
    throw new Error(`${file}: labels.source "sme" needs the labels uploaded; aws:local runs gold labels only`);
  }
  const raw = JSON.parse(text) as Record<string, unknown>;
  const capUsd = config.budget.capUsd ?? 20;
  const relative = (path: string) => (isAbsolute(path) ? path : join(dirname(file), path));
  const synthesize = config.data.synthesize;
  if (synthesize !== undefined) {
    // The seed questions are uploaded as a dataset of kind `seeds`; the run synthesizes from them.
    const source = await readDatasetSource(relative(synthesize.seeds));
    if (source.format === "arrow") throw new Error(`${file}: data.synthesize.seeds must be a .csv or .jsonl file`);
    const rows = parseSeedQuestions(source).map((seed) => ({ ...seed }));
    const { seeds: _uploaded, ...settings } = (raw.data as { synthesize: Record<string, unknown> }).synthesize;
    raw.data = { synthesize: settings };
    return { raw, rows, kind: "seeds" as const, capUsd };
  }
  const input = dataInputOf(config.data, "aws:local");
  const source = await readDatasetSource(relative(input), {
    ...(config.data.format !== undefined && { format: config.data.format }),
    ...(config.data.split !== undefined && { split: config.data.split }),
  });
  const rows = loadRows(source, { schema: conversationSchema, map: config.data.map });
  delete raw.data;
  return { raw, rows, kind: "conversations" as const, capUsd };
}

interface StageLine {
  rounds: number;
  jobs: number;
  calls: number;
  cached: number;
  localJobs?: number;
}

function stageLines(run: EmulatedPipelineRun, local?: EmulatedPipelineRun["jobs"]): Record<string, StageLine> {
  return Object.fromEntries(
    // prepare's jobs are the synthesis calls of a config with data.synthesize.
    [...(run.jobs.prepare?.jobs ? ["prepare" as const] : []), ...fannedOutStages].map((stage) => {
      const counts = run.jobs[stage] ?? { jobs: 0, calls: 0, cached: 0 };
      const localJobs = local?.[stage]?.jobs;
      return [stage, { rounds: run.rounds[stage] ?? 0, ...counts, ...(localJobs !== undefined && { localJobs }) }];
    }),
  );
}

function stageTable(stages: Record<string, StageLine>): string {
  const header = ["stage", "rounds", "jobs via SQS", "LM calls", "cache hits", "jobs = calls"];
  const rows = Object.entries(stages).map(([stage, line]) => [
    stage,
    String(line.rounds),
    String(line.jobs),
    String(line.calls),
    String(line.cached),
    line.jobs === line.calls + line.cached ? "yes" : "NO",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ");
  return ["Stage jobs on the emulated job queue (simulated models):", format(header), ...rows.map(format)].join("\n");
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`aws:local: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
