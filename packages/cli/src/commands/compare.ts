import {
  comparePrograms,
  type EvaluateResult,
  evaluate,
  type GoldCheckData,
  JudgeloopError,
  type PassRecord,
  programFromState,
} from "@judgeloop/core";
import { loadExamples, openCommandLMs, providerEnv, readProgramFile, requireModelKey } from "@judgeloop/local";
import type { Command } from "commander";
import { checkErrorRate, defaultMaxErrorRate, errorRate } from "../error-rate.ts";
import { type ModelSettingFlags, modelSettingOptions } from "../model-flags.ts";
import { info, printJson } from "../output.ts";
import { type PriceFlags, pricesOption } from "../price-flag.ts";
import { compareGold } from "./compare-gold.ts";
import {
  commandLMOptions,
  commandRunId,
  evaluateJson,
  metricFromFlag,
  positiveInteger,
  positiveNumber,
} from "./evaluate.ts";
import { bindProgramModels } from "./program-binding.ts";

interface CompareFlags extends ModelSettingFlags, PriceFlags {
  baseline: string;
  candidate: string;
  dataset: string;
  metric: string;
  model?: string;
  judgeModel?: string;
  goldModel?: string;
  maxErrorRate: number;
  seed: string;
  concurrency: number;
  limitRpm?: number;
  rateLimitDeadlineMs?: number;
  map?: string[];
  out?: string;
  replay?: boolean;
  json?: boolean;
}

/**
 * `judgeloop compare`: two programs on the same dataset and metric: pass rates with intervals,
 * McNemar's exact test, the paired bootstrap interval of the difference, and the examples
 * that flipped (joined on example id).
 *
 * @example
 * judgeloop compare --baseline base.json --candidate optimized.json --dataset holdout.jsonl --metric judge:judge.json --json
 */
export function registerCompare(program: Command): void {
  const command = program
    .command("compare")
    .description("compare two programs on one dataset: pass rates, McNemar, paired bootstrap, flips");
  pricesOption(modelSettingOptions(command))
    .requiredOption("--baseline <file>", "the baseline program (JSON)")
    .requiredOption("--candidate <file>", "the candidate program (JSON)")
    .requiredOption("--dataset <file>", "JSONL examples; ids from `id` or `conversation_id`")
    .requiredOption("--metric <exact:FIELD|judge:FILE>", "what passing means")
    .option("--model <provider/model>", "the model of both programs (default: the one each was saved with)")
    .option("--judge-model <provider/model>", "the judge's model (default: the one saved with the judge)")
    .option(
      "--gold-model <provider/model>",
      "also label every reply with the gold judge (the pipeline's rubric) and report judge vs gold; needs --metric judge:FILE",
    )
    .option(
      "--max-error-rate <r>",
      "exit non-zero when more than this share of either program's examples end in an error",
      errorRate,
      defaultMaxErrorRate,
    )
    .option("--seed <s>", "seed of the paired bootstrap", "compare")
    .option("--concurrency <n>", "examples in flight", positiveInteger, 8)
    .option(
      "--limit-rpm <n>",
      "requests per minute for every model (default: learned from the provider)",
      positiveNumber,
    )
    .option("--rate-limit-deadline-ms <ms>", "how long one call keeps retrying 429s (default 300000)", positiveInteger)
    .option("--map <target=source...>", "take a field from another column")
    .option("--out <dir>", "the judgeloop data directory: LM cache and ledger (default: $JUDGELOOP_HOME or .judgeloop)")
    .option("--replay", "answer only from the cache (zero network calls); fail on a miss")
    .option("--json", "print {baseline, candidate, comparison, gold?} as JSON on stdout")
    .action(async (flags: CompareFlags) => runCompare(flags));
}

async function runCompare(flags: CompareFlags): Promise<void> {
  const env = providerEnv(process.env);
  const lms = openCommandLMs({ ...(await commandLMOptions(flags, env)), runId: commandRunId("compare") });
  try {
    if (flags.model !== undefined) requireModelKey(flags.model, env, "--model");
    if (flags.goldModel !== undefined) {
      if (!flags.metric.startsWith("judge:")) {
        throw new JudgeloopError(
          "bad_input",
          "--gold-model: the gold check needs a judge metric (--metric judge:FILE)",
        );
      }
      requireModelKey(flags.goldModel, env, "--gold-model");
    }
    const programs = await Promise.all(
      [flags.baseline, flags.candidate].map(async (file) => {
        const program = programFromState(await readProgramFile(file));
        return {
          program,
          models: bindProgramModels(program, { model: flags.model, lmFor: lms.lmFor, env, source: file }),
        };
      }),
    );
    const [{ program: baseline, models }, { program: candidate }] = programs as [
      (typeof programs)[number],
      (typeof programs)[number],
    ];
    const defaultModel = flags.model ?? models[0] ?? "";
    const examples = await loadExamples(flags.dataset, baseline, flags.map ?? []);
    const metric = await metricFromFlag(flags.metric, {
      program: baseline,
      lmFor: lms.lmFor,
      env,
      model: defaultModel,
      ...(flags.judgeModel !== undefined && { judgeModel: flags.judgeModel }),
    });
    const run = (program: typeof baseline, label: string) =>
      evaluate(program, examples, metric.metric, {
        concurrency: flags.concurrency,
        onProgress: (p) => process.stderr.write(`\r${label}: ${p.done}/${p.total}`),
      });
    const before = await run(baseline, "baseline");
    const after = await run(candidate, "\ncandidate");
    process.stderr.write("\n");
    const comparison = comparePrograms(passes(before), passes(after), { seed: flags.seed });
    const gold =
      flags.goldModel === undefined
        ? undefined
        : await compareGold({
            program: baseline,
            examples,
            before,
            after,
            goldModel: flags.goldModel,
            lm: lms.lmFor(flags.goldModel),
            concurrency: flags.concurrency,
            seed: flags.seed,
          });
    if (flags.json) {
      const { results: _b, ...baselineJson } = evaluateJson(before);
      const { results: _c, ...candidateJson } = evaluateJson(after);
      printJson({
        metric: metric.words,
        baseline: baselineJson,
        candidate: candidateJson,
        comparison,
        ...(gold && { gold }),
      });
    } else {
      info(describeComparison(comparison, metric.words), false);
      if (gold) info(describeGold(gold), false);
    }
    checkErrorRate(before, flags.maxErrorRate, "compare (baseline)");
    checkErrorRate(after, flags.maxErrorRate, "compare (candidate)");
  } finally {
    lms.close();
  }
}

function describeComparison(comparison: ReturnType<typeof comparePrograms>, words: string): string {
  const rate = (value: number | null) => (value === null ? "n/a" : value.toFixed(3));
  const diff = comparison.difference;
  return [
    `pass = ${words}; ${comparison.n} paired examples`,
    `baseline  ${rate(comparison.baseline.value)}    candidate ${rate(comparison.candidate.value)}`,
    `difference ${rate(diff.value)}${diff.interval ? ` [${diff.interval.lower.toFixed(3)}, ${diff.interval.upper.toFixed(3)}]` : ""}, McNemar exact p ${comparison.mcnemar.exactPValue.toPrecision(3)}`,
    `flips: ${comparison.flips.failToPass.length} fail→pass, ${comparison.flips.passToFail.length} pass→fail`,
  ].join("\n");
}

function describeGold(gold: GoldCheckData): string {
  const { disagreements } = gold;
  return [
    `gold (${gold.labeller.model}): ${gold.verdict}`,
    `judge vs gold on the candidate's replies: ${disagreements.total} disagreements (${disagreements.judgePassGoldFail} judge pass / gold fail, ${disagreements.judgeFailGoldPass} judge fail / gold pass)`,
  ].join("\n");
}

/** A scored example passes at a score of at least 0.5; errors are left out (unmatched). */
function passes(result: EvaluateResult): PassRecord[] {
  return result.records.flatMap((record) =>
    record.status === "scored" && record.score !== null
      ? [{ id: record.exampleId ?? `#${record.index}`, pass: record.score >= 0.5 }]
      : [],
  );
}
