import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  BudgetRefusedError,
  JudgeloopError,
  parseRunConfigText,
  pricesWith,
  type RunConfig,
  type RunInput,
  type RunOutcome,
} from "@judgeloop/core";
import {
  estimatePipeline,
  localRun,
  type ProviderEnv,
  pipelineInput,
  planPipelineBudget,
  providerEnv,
  startPipeline,
} from "@judgeloop/local";
import { type Command, InvalidArgumentError } from "commander";
import { type ModelSettingFlags, modelSettingOptions, withFlagSettings } from "../model-flags.ts";
import { info, printJson } from "../output.ts";
import { priceOverridesFlag } from "../price-flag.ts";
import { progressDisplay } from "../progress.ts";
import { printPlan, printRefusal } from "./estimate-output.ts";
import { judgeloopHome } from "./prepare.ts";
import { readSummary, summaryTable } from "./report.ts";

interface PipelineFlags extends ModelSettingFlags {
  config?: string;
  out?: string;
  estimate?: boolean;
  fitBudget?: boolean;
  replay?: boolean;
  force?: boolean;
  json?: boolean;
  limitRpm?: number;
  prices?: string;
}

/** Config files tried, in order, when `--config` is not given. */
const defaultConfigs = ["judgeloop.config.json", "examples/airline-support/judgeloop.config.json"];

/**
 * `judgeloop pipeline`: the whole reference workflow as one resumable run: prepare → generate →
 * label → judge-eval → judge-optimize → gate → generator-optimize → compare → report.
 *
 * @example
 * judgeloop pipeline --config examples/airline-support/judgeloop.config.json --json
 */
export function registerPipeline(program: Command): void {
  const command = program
    .command("pipeline")
    .description("run the whole workflow: align a judge with gold labels, then optimize the generator against it");
  modelSettingOptions(command)
    .option("--config <file>", `the run's config (default: ${defaultConfigs.join(", else ")})`)
    .option("--out <dir>", "the judgeloop data directory (default: $JUDGELOOP_HOME or .judgeloop)")
    .option("--estimate", "print the planned LM calls, tokens and dollars, and exit without calling anything")
    .option(
      "--fit-budget",
      "when the upper bound is above budget.capUsd, scale the optimizers' sizes and the compare sample down to fit (else the run is refused before any LM call)",
    )
    .option("--replay", "answer every LM call from the cache; fail on a miss (zero network calls)")
    .option("--force", "let a judge that fails the gate serve as the metric anyway (recorded in the report)")
    .option("--limit-rpm <n>", "requests per minute for every model", positiveNumber)
    .option("--prices <file>", "price overrides (JSON, USD per 1M tokens) over the config's `prices`")
    .option("--json", "print the run summary as JSON on stdout; progress goes to stderr")
    .action(async (flags: PipelineFlags) => runPipeline(flags));
}

async function runPipeline(flags: PipelineFlags): Promise<void> {
  const json = flags.json === true;
  const loaded = await loadRunConfig(flags.config);
  const { configFile } = loaded;
  // The flags become part of the run's config, so a resumed run keeps them.
  const budget = flags.fitBudget ? { ...loaded.config.budget, fitBudget: true } : loaded.config.budget;
  const withFlags = { ...loaded.config, modelSettings: withFlagSettings(loaded.config.modelSettings, flags), budget };
  const config = await withPriceFile(withFlags, flags.prices);
  const env = providerEnv(process.env);
  const home = judgeloopHome(flags.out);
  const input = pipelineInput({ config, configFile, env, force: flags.force, replay: flags.replay });
  for (const line of modelLines(input, env)) info(line, json);
  if (flags.estimate) {
    const { capUsd, maxCalls } = config.budget;
    const capped = capUsd !== undefined || maxCalls !== undefined;
    const plan = capped
      ? await planPipelineBudget(input)
      : { input, estimate: await estimatePipeline({ config, configFile, input }) };
    return printPlan(plan, capped, json);
  }
  const display = progressDisplay(process.stderr);
  let outcome: RunOutcome;
  try {
    outcome = await startPipeline({
      home,
      env,
      config,
      configFile,
      force: flags.force === true,
      replay: flags.replay === true,
      ...(flags.limitRpm !== undefined && { limitRpm: flags.limitRpm }),
      onEvent: display.onEvent,
      checkpoint: pauseForTests,
    });
  } catch (error) {
    if (error instanceof BudgetRefusedError) printRefusal(error.refusal, json);
    throw error;
  } finally {
    display.close();
  }
  await finishRun(outcome, home, json);
}

/**
 * Prints how a run ended: the summary (table, or JSON with `--json`) and the report's path;
 * a run that stopped or failed then throws its one-line reason (non-zero exit).
 *
 * @example
 * await finishRun(outcome, home, flags.json === true);
 */
export async function finishRun(outcome: RunOutcome, home: string, json: boolean): Promise<void> {
  if (outcome.summaryPath !== undefined) {
    const summary = await readSummary(outcome.summaryPath);
    if (json) printJson(summary);
    else {
      const cached = (await localRun(home, outcome.runId))?.meter.cached;
      info(
        summaryTable(summary, {
          ...(outcome.htmlPath && { reportPath: outcome.htmlPath }),
          ...(cached !== undefined && { cached }),
        }),
        false,
      );
    }
  }
  if (outcome.status !== "succeeded") {
    throw new JudgeloopError(
      `run_${outcome.status}`,
      `run ${outcome.runId} ${outcome.status}: ${outcome.reason ?? "see `judgeloop runs`"}`,
    );
  }
}

/**
 * Reads and validates a pipeline config; without `--config`, the first of the default files
 * that exists. Errors name the file, the key and the reason on one line.
 *
 * @example
 * const { config, configFile } = await loadRunConfig("examples/airline-support/judgeloop.config.json");
 */
export async function loadRunConfig(file: string | undefined): Promise<{ config: RunConfig; configFile: string }> {
  const chosen = file ?? defaultConfigs.find((candidate) => existsSync(candidate));
  if (chosen === undefined) {
    throw new JudgeloopError("bad_input", `no ${defaultConfigs[0]} here: pass --config FILE`);
  }
  const text = await readFile(chosen, "utf8").catch((error: unknown) => {
    throw new JudgeloopError("bad_config", `cannot read config ${chosen}`, { cause: error });
  });
  return { config: parseRunConfigText(text, chosen), configFile: resolve(chosen) };
}

/**
 * The config with a `--prices FILE`'s rows merged over its `prices` section, field by field.
 *
 * @example
 * const config = await withPriceFile(loaded.config, "prices.json");
 */
export async function withPriceFile(config: RunConfig, file: string | undefined): Promise<RunConfig> {
  const overrides = await priceOverridesFlag(file, pricesWith(config.prices));
  if (overrides === undefined) return config;
  const prices = { ...config.prices };
  for (const [model, row] of Object.entries(overrides)) prices[model] = { ...prices[model], ...row };
  return { ...config, prices };
}

/**
 * The first lines of a run: which model plays each role, and loudly when all are simulated.
 *
 * @example
 * for (const line of modelLines(input, env)) info(line, json);
 */
export function modelLines(input: RunInput, env: ProviderEnv): string[] {
  const { models } = input;
  const roles = `generator ${models.generator}, judge ${models.judge}, gold ${models.gold}, proposer ${models.proposer}`;
  if (input.simulatedFallback) {
    return [
      "No provider key is set (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENAI_BASE_URL), so every model",
      `runs on the built-in SIMULATOR and every number below is simulated: ${roles}.`,
    ];
  }
  const replay = input.replay ? " (replay: answers come only from the cache)" : "";
  const endpoint = env.openaiBaseURL === undefined ? "" : ` (openai/* via ${env.openaiBaseURL})`;
  return [`Models: ${roles}${endpoint}${replay}`];
}

/**
 * Test support: `JUDGELOOP_PAUSE_AT=<point>` (e.g. `stage:label`, `judge-optimize:trial:3`)
 * makes the run print `paused at <point>` on stderr and wait there forever, so a test can
 * SIGKILL it at a known place and then resume it.
 *
 * @example
 * await startPipeline({ ...options, checkpoint: pauseForTests });
 */
export async function pauseForTests(point: string): Promise<void> {
  const wanted = process.env.JUDGELOOP_PAUSE_AT?.split(",") ?? [];
  if (!wanted.includes(point)) return;
  process.stderr.write(`paused at ${point}\n`);
  await new Promise<void>(() => setInterval(() => undefined, 60_000));
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}
