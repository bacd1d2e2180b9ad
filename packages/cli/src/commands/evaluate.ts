import { randomBytes } from "node:crypto";
import {
  ChainOfThought,
  defaultPrices,
  type EvaluateResult,
  type EvaluationRecord,
  evaluate,
  exactMatch,
  JudgeloopError,
  judgeMetric,
  type LM,
  type Metric,
  mergePrices,
  Predict,
  type Program,
  type ProgramState,
  programFromState,
  Signature,
  singlePredictorProgram,
} from "@judgeloop/core";
import {
  inCommandSpan,
  loadExamples,
  openCommandLMs,
  type ProviderEnv,
  providerEnv,
  readProgramFile,
  requireModelKey,
} from "@judgeloop/local";
import { type Command, InvalidArgumentError } from "commander";
import { checkErrorRate, defaultMaxErrorRate, errorRate } from "../error-rate.ts";
import { type ModelSettingFlags, modelSettingOptions, withFlagSettings } from "../model-flags.ts";
import { info, printJson } from "../output.ts";
import { type PriceFlags, priceOverridesFlag, pricesOption } from "../price-flag.ts";
import { judgeloopHome } from "./prepare.ts";
import { bindProgramModels } from "./program-binding.ts";

/** How a command names the program it runs: a saved program file, or a signature on the command line. */
export interface ProgramFlags {
  program?: string;
  signature?: string;
  instructions?: string;
  cot?: boolean;
}

interface EvaluateFlags extends ProgramFlags, ModelSettingFlags, PriceFlags {
  dataset: string;
  model?: string;
  metric: string;
  maxErrorRate: number;
  judgeModel?: string;
  concurrency: number;
  limitRpm?: number;
  rateLimitDeadlineMs?: number;
  map?: string[];
  out?: string;
  replay?: boolean;
  json?: boolean;
}

/**
 * `judgeloop evaluate`: runs a program over a JSONL dataset and scores it with an exact-match
 * or judge metric. Errors are counted apart, never scored as 0.
 *
 * @example
 * judgeloop evaluate --dataset qa.jsonl --signature "question -> answer" --model sim/default --metric exact:answer --json
 */
export function registerEvaluate(program: Command): void {
  const command = program
    .command("evaluate")
    .description("score a program on a dataset: exact match against a label, or the verdict of a judge program")
    .requiredOption("--dataset <file>", "JSONL (or CSV), one example per line; field names = signature field names");
  pricesOption(modelSettingOptions(programOptions(command)))
    .option(
      "--model <provider/model>",
      "the program's model, e.g. openai/gpt-4o-mini or sim/default (default with --program: the one it was saved with)",
    )
    .requiredOption(
      "--metric <exact:FIELD|judge:FILE>",
      "exact match of an output with a label, or a saved judge program",
    )
    .option("--judge-model <provider/model>", "the judge's model (default: the one saved with the judge, else --model)")
    .option(
      "--max-error-rate <r>",
      "exit non-zero when more than this share of the examples end in an error (always when all do)",
      errorRate,
      defaultMaxErrorRate,
    )
    .option("--concurrency <n>", "examples in flight", positiveInteger, 8)
    .option(
      "--limit-rpm <n>",
      "requests per minute for every model (default: learned from the provider)",
      positiveNumber,
    )
    .option("--rate-limit-deadline-ms <ms>", "how long one call keeps retrying 429s (default 300000)", positiveInteger)
    .option("--map <target=source...>", "take a field from another column, e.g. question=text")
    .option("--out <dir>", "the judgeloop data directory: LM cache and ledger (default: $JUDGELOOP_HOME or .judgeloop)")
    .option("--replay", "answer only from the cache (zero network calls); fail on a miss")
    .option("--json", "print {score, n, errors, usage, results} as JSON on stdout")
    .action(async (flags: EvaluateFlags) => runEvaluate(flags));
}

/**
 * Adds `--program FILE | --signature SIG [--instructions TEXT] [--cot]`.
 *
 * @example
 * programOptions(program.command("evaluate")).requiredOption("--model <m>", "the model");
 */
export function programOptions(command: Command): Command {
  return command
    .option("--program <file>", "a saved judgeloop program (JSON) with one predictor")
    .option("--signature <sig>", 'a signature, e.g. "question -> answer" or "transcript -> satisfied: boolean"')
    .option("--instructions <text>", "the signature's instructions (with --signature)")
    .option("--cot", "reason step by step before answering (with --signature)");
}

async function runEvaluate(flags: EvaluateFlags): Promise<void> {
  const json = flags.json === true;
  const env = providerEnv(process.env);
  if (flags.model !== undefined) requireModelKey(flags.model, env, "--model");
  const program = await programFromFlags(flags);
  const examples = await loadExamples(flags.dataset, program, flags.map ?? []);
  const runId = commandRunId("evaluate");
  const lms = openCommandLMs({ ...(await commandLMOptions(flags, env)), runId });
  try {
    const source = flags.program ?? "the --signature program";
    const models = bindProgramModels(program, { model: flags.model, lmFor: lms.lmFor, env, source });
    const model = models.join(", ");
    const metric = await metricFromFlag(flags.metric, {
      program,
      lmFor: lms.lmFor,
      env,
      model: models[0] ?? model,
      ...(flags.judgeModel !== undefined && { judgeModel: flags.judgeModel }),
    });
    info(`evaluating ${examples.length} examples with ${model}; metric ${metric.words}`, json);
    const result = await inCommandSpan("evaluate", runId, async (span) => {
      const scored = await evaluate(program, examples, metric.metric, {
        concurrency: flags.concurrency,
        onProgress: (p) =>
          process.stderr.write(`\r${p.done}/${p.total} scored${p.errors ? `, ${p.errors} errors` : ""}`),
      });
      span.setAttributes({ "judgeloop.score": scored.score ?? undefined });
      return scored;
    });
    process.stderr.write("\n");
    if (json) printJson(evaluateJson(result));
    else info(describeResult(result), false);
    checkErrorRate(result, flags.maxErrorRate, "evaluate");
  } finally {
    lms.close();
  }
}

/**
 * The `--json` result of evaluate, per the stable interface.
 *
 * @example
 * printJson(evaluateJson(await evaluate(program, examples, metric)));
 */
export function evaluateJson(result: EvaluateResult) {
  return {
    score: result.score,
    n: result.n,
    errors: result.errors,
    usage: usageJson(result),
    simulated: result.simulated,
    ...(result.stoppedReason !== undefined && { stoppedReason: result.stoppedReason }),
    results: result.records.map(recordJson),
  };
}

function usageJson(result: EvaluateResult) {
  const { calls, inputTokens, outputTokens } = result.usage;
  return { calls, inputTokens, outputTokens, costUsd: result.costUsd };
}

function recordJson(record: EvaluationRecord) {
  return {
    id: record.exampleId,
    index: record.index,
    status: record.status,
    score: record.score,
    outputs: record.outputs,
    ...(record.errorKind !== undefined && { errorKind: record.errorKind, errorMessage: record.errorMessage }),
    latencyMs: Math.round(record.latencyMs),
    calls: record.calls,
    costUsd: record.costUsd,
  };
}

function describeResult(result: EvaluateResult): string {
  const score = result.score === null ? "no score (nothing was scored)" : `score ${result.score.toFixed(3)}`;
  const cost = result.costUsd === null ? "cost unknown" : `$${result.costUsd.toFixed(4)}`;
  const simulated = result.simulated ? " (SIMULATED)" : "";
  const lines = [
    `${score} over ${result.n} examples, ${result.errors} errors; ${result.usage.calls} LM calls, ${cost}${simulated}`,
  ];
  for (const record of result.records.filter((r) => r.status === "error").slice(0, 5)) {
    lines.push(
      `  error on ${record.exampleId ?? `#${record.index}`}: ${record.errorKind}: ${record.errorMessage ?? ""}`,
    );
  }
  if (result.stoppedMessage) lines.push(`  stopped early: ${result.stoppedMessage}`);
  return lines.join("\n");
}

/**
 * The program a command runs: a saved single-predictor program, or one Predict (ChainOfThought
 * with `--cot`) from `--signature`.
 *
 * @example
 * const program = await programFromFlags({ signature: "question -> answer", cot: true });
 */
export async function programFromFlags(flags: ProgramFlags): Promise<Program> {
  if ((flags.program === undefined) === (flags.signature === undefined)) {
    throw new JudgeloopError("bad_input", "give exactly one of --program FILE and --signature SIG");
  }
  if (flags.program !== undefined) return programFromState(await readProgramFile(flags.program));
  const signature = Signature.parse(flags.signature ?? "", flags.instructions);
  const predictor = flags.cot ? new ChainOfThought(signature) : new Predict(signature);
  return singlePredictorProgram("predict", predictor);
}

export interface MetricChoice {
  metric: Metric;
  /** The metric in words, for output. */
  words: string;
  /** For `judge:FILE`: the judge's saved state and the model it runs on. */
  judge?: { state: ProgramState; model: string; file: string };
}

/**
 * `exact:FIELD` → exact match of the output with the label; `judge:FILE` → a saved judge
 * program on its own model (`--judge-model`, else its saved binding, else `--model`) reads the
 * example's conversation with the program's reply and gives the verdict.
 *
 * @example
 * const { metric } = await metricFromFlag("judge:judge.json", { program, lmFor, env, model: "sim/default" });
 */
export async function metricFromFlag(
  spec: string,
  ctx: { program: Program; lmFor: (model: string) => LM; env: ProviderEnv; model: string; judgeModel?: string },
): Promise<MetricChoice> {
  const [kind, ...rest] = spec.split(":");
  const argument = rest.join(":");
  if (kind === "exact" && argument !== "")
    return { metric: exactMatch(argument), words: `exact match of \`${argument}\`` };
  if (kind !== "judge" || argument === "") {
    throw new JudgeloopError("bad_input", `--metric ${spec}: expected exact:FIELD or judge:FILE`);
  }
  const state = await readProgramFile(argument);
  const judge = programFromState(state);
  const [, judgePredictor] = judge.namedPredictors()[0] ?? [];
  const saved = judgePredictor?.model;
  const model = ctx.judgeModel ?? saved ?? ctx.model;
  requireModelKey(model, ctx.env, ctx.judgeModel !== undefined ? "--judge-model" : "the judge's model");
  const verdict = judgePredictor?.signature.outputs.find((f) => f.type.kind === "boolean")?.name ?? "satisfied";
  const transcript = judgePredictor?.signature.inputs[0]?.name ?? "transcript";
  const [, predictor] = ctx.program.namedPredictors()[0] ?? [];
  const reply = predictor?.signature.outputs.filter((f) => f.name !== "reasoning").at(-1)?.name ?? "reply";
  for (const [, p] of judge.namedPredictors()) p.bind(ctx.lmFor(model));
  const metric = judgeMetric(judge, { transcriptField: transcript, replyField: reply, verdictField: verdict });
  return { metric, words: `verdict of the judge ${argument} (${model})`, judge: { state, model, file: argument } };
}

/**
 * The cache/ledger/limit, per-model and price settings every LM-calling command shares
 * (`--prices FILE` merged over the built-in table).
 *
 * @example
 * openCommandLMs({ ...(await commandLMOptions(flags, env)), runId: commandRunId("evaluate") });
 */
export async function commandLMOptions(
  flags: { out?: string; limitRpm?: number; rateLimitDeadlineMs?: number; replay?: boolean } & ModelSettingFlags &
    PriceFlags,
  env: ProviderEnv,
) {
  const models = withFlagSettings(undefined, flags);
  const overrides = await priceOverridesFlag(flags.prices, defaultPrices);
  return {
    ...(overrides !== undefined && { prices: mergePrices(defaultPrices, overrides) }),
    home: judgeloopHome(flags.out),
    env,
    ...(Object.keys(models).length > 0 && { models }),
    ...(flags.limitRpm !== undefined && { limitRpm: flags.limitRpm }),
    ...(flags.rateLimitDeadlineMs !== undefined && { rateLimitDeadlineMs: flags.rateLimitDeadlineMs }),
    ...(flags.replay === true && { replay: true }),
  };
}

/**
 * A fresh id for a one-off command's ledger account, e.g. `evaluate-20260314-101503-3fa2`.
 *
 * @example
 * commandRunId("evaluate"); // "evaluate-20260314-101503-3fa2"
 */
export function commandRunId(kind: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${kind}-${stamp}-${randomBytes(2).toString("hex")}`;
}

/**
 * A commander parser for whole numbers of at least 1.
 *
 * @example
 * command.option("--concurrency <n>", "examples in flight", positiveInteger, 8);
 */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return n;
}

/**
 * A commander parser for numbers above 0.
 *
 * @example
 * command.option("--limit-rpm <n>", "requests per minute", positiveNumber);
 */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}
