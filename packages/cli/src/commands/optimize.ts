import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import {
  type AutoPreset,
  type JudgeGateResult,
  JudgeloopError,
  judgeGate,
  type MiproOptions,
  type OptimizerKind,
  type OptimizerRunResult,
  optimizerKinds,
  type Predictors,
  type ProgramState,
  runOptimizer,
  type Spend,
} from "@judgeloop/core";
import {
  inCommandSpan,
  loadExamples,
  openCommandLMs,
  processTracer,
  providerEnv,
  requireModelKey,
} from "@judgeloop/local";
import { type Command, InvalidArgumentError, Option } from "commander";
import { type ModelSettingFlags, modelSettingOptions } from "../model-flags.ts";
import { info, printJson } from "../output.ts";
import { type PriceFlags, pricesOption } from "../price-flag.ts";
import {
  commandLMOptions,
  commandRunId,
  type MetricChoice,
  metricFromFlag,
  type ProgramFlags,
  positiveInteger,
  positiveNumber,
  programFromFlags,
  programOptions,
} from "./evaluate.ts";

interface OptimizeFlags extends ProgramFlags, ModelSettingFlags, PriceFlags {
  trainset: string;
  valset?: string;
  model: string;
  metric: string;
  judgeModel?: string;
  proposerModel?: string;
  auto: AutoPreset;
  optimizer: OptimizerKind;
  trials?: number;
  confirmFraction?: number;
  budgetUsd?: number;
  maxCalls?: number;
  seed?: string;
  force?: boolean;
  gateThreshold: number;
  concurrency: number;
  limitRpm?: number;
  rateLimitDeadlineMs?: number;
  map?: string[];
  out: string;
  home?: string;
  replay?: boolean;
  json?: boolean;
}

/**
 * `judgeloop optimize`: MIPROv2-style optimization of a program's instructions and demos on a
 * trainset, with a budget it never passes (it stops cleanly and still writes the best program),
 * and, for a judge metric, the judge gate.
 *
 * @example
 * judgeloop optimize --trainset dev.jsonl --program generator.json --model sim/generator \
 *   --metric judge:judge.json --budget-usd 0.5 --out optimized.json --json
 */
export function registerOptimize(program: Command): void {
  const command = program
    .command("optimize")
    .description("optimize a program's instructions and demos against a metric (MIPROv2-style), within a budget")
    .requiredOption("--trainset <file>", "JSONL examples to optimize on (bootstrap demos, proposals, trials)")
    .option("--valset <file>", "JSONL examples to score trials on (default: carved from the trainset)");
  pricesOption(modelSettingOptions(programOptions(command)))
    .requiredOption("--model <provider/model>", "the program's model, e.g. openai/gpt-4o-mini or sim/generator")
    .requiredOption(
      "--metric <exact:FIELD|judge:FILE>",
      "exact match of an output with a label, or a saved judge program",
    )
    .option("--judge-model <provider/model>", "the judge's model (default: the one saved with the judge, else --model)")
    .option("--proposer-model <provider/model>", "the model that writes instruction candidates (default: --model)")
    .addOption(new Option("--auto <preset>", "search size").choices(["light", "medium", "heavy"]).default("light"))
    .addOption(
      new Option(
        "--optimizer <kind>",
        "mipro (instructions × demos, TPE), gepa (reflective evolution), bootstrap, bootstrap-gepa (GEPA from bootstrapped demos)",
      )
        .choices([...optimizerKinds])
        .default("mipro"),
    )
    .option("--trials <n>", "trials (overrides the preset)", positiveInteger)
    .option("--budget-usd <x>", "dollar cap: the plan shrinks to fit and calls stop before passing it", positiveNumber)
    .option("--max-calls <n>", "cap on LM calls", positiveInteger)
    .option("--seed <s>", "seed of every random choice")
    .option(
      "--confirm-fraction <f>",
      "share of the validation examples kept apart to re-measure the pick (0 to 0.5; default 0; none under 20 examples)",
      confirmFraction,
    )
    .option("--force", "use a judge that fails the gate anyway (recorded in the output program)")
    .option("--gate-threshold <k>", "lowest acceptable lower bound of the judge's held-out kappa", kappa, 0.4)
    .option("--concurrency <n>", "jobs in flight", positiveInteger, 8)
    .option(
      "--limit-rpm <n>",
      "requests per minute for every model (default: learned from the provider)",
      positiveNumber,
    )
    .option("--rate-limit-deadline-ms <ms>", "how long one call keeps retrying 429s (default 300000)", positiveInteger)
    .option("--map <target=source...>", "take a field from another column, e.g. question=text")
    .requiredOption("--out <file>", "where to write the optimized program (JSON)")
    .option(
      "--home <dir>",
      "the judgeloop data directory: LM cache and ledger (default: $JUDGELOOP_HOME or .judgeloop)",
    )
    .option("--replay", "answer only from the cache (zero network calls); fail on a miss")
    .option("--json", "print {program, baselineScore, bestScore, trials, usage} as JSON on stdout")
    .action(async (flags: OptimizeFlags) => runOptimize(flags));
}

async function runOptimize(flags: OptimizeFlags): Promise<void> {
  const json = flags.json === true;
  const env = providerEnv(process.env);
  for (const [flag, model] of [
    ["--model", flags.model],
    ["--proposer-model", flags.proposerModel],
  ] as const) {
    if (model !== undefined) requireModelKey(model, env, flag);
  }
  const program = await programFromFlags(flags);
  // --model is the model optimized for: it replaces a saved binding (the output is bound to it).
  for (const [, predictor] of program.namedPredictors()) predictor.unbind();
  const trainset = await loadExamples(flags.trainset, program, flags.map ?? []);
  const valset = flags.valset === undefined ? undefined : await loadExamples(flags.valset, program, flags.map ?? []);
  const runId = commandRunId("optimize");
  const lms = openCommandLMs({
    ...(await commandLMOptions({ ...flags, out: flags.home }, env)),
    runId,
    ...(flags.budgetUsd !== undefined && { capUsd: flags.budgetUsd }),
    ...(flags.maxCalls !== undefined && { maxCalls: flags.maxCalls }),
  });
  try {
    const { judgeModel } = flags;
    const metric = await metricFromFlag(flags.metric, {
      program,
      lmFor: lms.lmFor,
      env,
      model: flags.model,
      ...(judgeModel !== undefined && { judgeModel }),
    });
    const gate = metric.judge ? gateFor(metric, flags) : undefined;
    if (gate) info(`judge gate ${gate.forced ? "FORCED" : "passed"}: ${gate.reason}`, json);
    info(
      `optimizing on ${trainset.length} examples with ${flags.model} (${flags.optimizer}, ${flags.auto}); metric ${metric.words}`,
      json,
    );
    const optimize = () =>
      runOptimizer({
        kind: flags.optimizer,
        tracer: processTracer(),
        program,
        trainset,
        ...(valset && { valset }),
        metric: metric.metric,
        lm: lms.lmFor(flags.model),
        proposerLM: lms.lmFor(flags.proposerModel ?? flags.model),
        mipro: miproOptions(flags, metric),
        concurrency: flags.concurrency,
        onCheckpoint: (state) => {
          if (state.phase !== "plan") return;
          const calls =
            "estimate" in state.plan ? state.plan.estimate : { calls: state.plan.estimatedCalls, costUsd: undefined };
          info(planLine(calls, flags), json);
        },
        onProgress: trialDisplay(flags.budgetUsd),
      });
    const result = await inCommandSpan("optimize", runId, async (span) => {
      const finished = await optimize();
      span.setAttributes({
        "judgeloop.optimizer": finished.kind,
        "judgeloop.score": finished.bestScore ?? undefined,
        "judgeloop.baseline_score": finished.baselineScore ?? undefined,
        "judgeloop.cost_usd": finished.spend.costUsd ?? undefined,
      });
      return finished;
    });
    process.stderr.write("\n");
    await writeJsonAtomically(
      flags.out,
      withRecord(result.program.toState(), { model: flags.model, gate, metric: metric.words }),
    );
    report(result, flags, gate);
  } finally {
    lms.close();
  }
}

/** The `--json` result (or its sentence) of a finished optimization. */
function report(result: OptimizerRunResult<Predictors>, flags: OptimizeFlags, gate: JudgeGateResult | undefined): void {
  const json = flags.json === true;
  const { spend } = result;
  const usage = {
    calls: spend.calls,
    inputTokens: spend.usage.inputTokens,
    outputTokens: spend.usage.outputTokens,
    costUsd: spend.costUsd,
  };
  if (result.stoppedReason) {
    info(
      `stopped early (${result.stoppedReason}): ${result.stoppedMessage ?? ""}; the best program so far is written`,
      json,
    );
  }
  if (json) {
    printJson({
      program: flags.out,
      baselineScore: result.baselineScore,
      bestScore: result.bestScore,
      trials: result.trials,
      usage,
      optimizer: result.kind,
      ...(result.confirm && { confirm: result.confirm }),
      ...(result.stoppedReason !== undefined && { stoppedReason: result.stoppedReason }),
      ...(gate && { gate }),
    });
    return;
  }
  const cost = usage.costUsd === null ? "cost unknown" : `$${usage.costUsd.toFixed(4)}`;
  const scores = `baseline ${score(result.baselineScore)} → best ${score(result.bestScore)}`;
  info(`${scores} after ${result.trials} trials; ${usage.calls} calls, ${cost}\nwrote ${flags.out}`, false);
}

/** The judge gate on the judge file's saved alignment; refuses (unless --force) a judge without proof. */
function gateFor(metric: MetricChoice, flags: OptimizeFlags): JudgeGateResult {
  const alignment = metric.judge?.state.metadata?.alignment;
  if (alignment === undefined) {
    if (flags.force) {
      return {
        passed: false,
        forced: true,
        allowed: true,
        threshold: flags.gateThreshold,
        kappaLower: null,
        reason: `the judge ${metric.judge?.file} has no saved alignment report; --force uses it anyway`,
      };
    }
    throw new JudgeloopError(
      "judge_gate",
      `the judge ${metric.judge?.file} has no saved alignment report (metadata.alignment), so its agreement with gold labels is unproven; align it with \`judgeloop pipeline\` or pass --force`,
    );
  }
  const gate = judgeGate(alignment as Parameters<typeof judgeGate>[0], {
    threshold: flags.gateThreshold,
    force: flags.force === true,
  });
  if (!gate.allowed) throw new JudgeloopError("judge_gate", `judge gate: ${gate.reason}`);
  return gate;
}

function miproOptions(flags: OptimizeFlags, metric: MetricChoice): MiproOptions {
  const budget = {
    ...(flags.budgetUsd !== undefined && { capUsd: flags.budgetUsd }),
    ...(flags.maxCalls !== undefined && { maxCalls: flags.maxCalls }),
  };
  return {
    auto: flags.auto,
    ...(flags.trials !== undefined && { numTrials: flags.trials }),
    ...(flags.confirmFraction !== undefined && { confirmFraction: flags.confirmFraction }),
    ...(flags.seed !== undefined && { seed: /^\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed }),
    ...(Object.keys(budget).length > 0 && { budget }),
    estimate: {
      taskModel: flags.model,
      proposerModel: flags.proposerModel ?? flags.model,
      ...(metric.judge && { metricModel: metric.judge.model, metricCallsPerExample: 1 }),
    },
  };
}

function planLine(estimate: { calls: number; costUsd: number | undefined }, flags: OptimizeFlags): string {
  const cost = estimate.costUsd === undefined ? "cost unknown" : `up to $${estimate.costUsd.toFixed(4)}`;
  const cap = flags.budgetUsd === undefined ? "" : ` (cap $${flags.budgetUsd})`;
  return `plan: at most ${estimate.calls} calls, ${cost}${cap}`;
}

/** "search: trial 3/10, best 0.742, $0.0123 of $0.50" on one redrawn stderr line. */
function trialDisplay(capUsd: number | undefined): (progress: string, spend: Spend) => void {
  let last = "";
  return (progress, spend) => {
    const spent = spend.costUsd === null ? "cost unknown" : `$${spend.costUsd.toFixed(4)}`;
    const cap = capUsd === undefined ? "" : ` of $${capUsd}`;
    const line = `${progress}, ${spent}${cap}, ${spend.calls} calls`;
    if (line === last) return;
    last = line;
    process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
  };
}

/** The program as written: bound to its model, with how it was made (and any forced gate) recorded. */
function withRecord(
  state: ProgramState,
  record: { model: string; gate: JudgeGateResult | undefined; metric: string },
): ProgramState {
  const predictors = Object.fromEntries(
    Object.entries(state.predictors).map(([name, p]) => [name, { ...p, lm: p.lm ?? record.model }]),
  );
  const optimized = { metric: record.metric, at: new Date().toISOString(), ...(record.gate && { gate: record.gate }) };
  return { ...state, predictors, metadata: { ...state.metadata, optimized } };
}

async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, "utf8");
  await rename(temporary, path);
}

function score(value: number | null): string {
  return value === null ? "n/a" : value.toFixed(3);
}

function kappa(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < -1 || n > 1) throw new InvalidArgumentError("expected a number from -1 to 1");
  return n;
}

function confirmFraction(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 0.5) {
    throw new InvalidArgumentError("expected a number from 0 to 0.5");
  }
  return n;
}
