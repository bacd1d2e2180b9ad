import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import {
  estimateWorkload,
  JudgeloopError,
  loadLanguageDetector,
  loadTokenizer,
  parseSeedQuestions,
  parseTurnRange,
  planSynthesis,
  type SeedQuestion,
  type SynthesizeResult,
  saveDatasetVersion,
  seedFileHash,
  synthesisCallTokens,
  synthesizeConversations,
  type TurnRange,
} from "@judgeloop/core";
import { FileArtifactStore, openCommandLMs, providerEnv, readDatasetSource, requireModelKey } from "@judgeloop/local";
import { type Command, InvalidArgumentError } from "commander";
import { info, printJson } from "../output.ts";
import { type PriceFlags, pricesOption } from "../price-flag.ts";
import { commandLMOptions, commandRunId, positiveInteger, positiveNumber } from "./evaluate.ts";
import { judgeloopHome } from "./prepare.ts";

interface SynthesizeFlags extends PriceFlags {
  seeds: string;
  n: number;
  model: string;
  out: string;
  turns: TurnRange;
  seed: string;
  company?: string;
  languages: string[];
  maxAttempts: number;
  concurrency: number;
  budgetUsd?: number;
  maxCalls?: number;
  limitRpm?: number;
  estimate?: boolean;
  home?: string;
  replay?: boolean;
  json?: boolean;
}

/**
 * `judgeloop synthesize`: support conversations written by a model from seed questions, in the
 * format `prepare` reads, checked, de-duplicated and stored as a dataset version with lineage.
 * Re-running the same command answers from the LM cache, so a stopped run resumes for free.
 *
 * @example
 * judgeloop synthesize --seeds examples/airline-support/seeds.csv --n 50 --model sim/strong --out synthetic.jsonl --json
 */
export function registerSynthesize(program: Command): void {
  const command = program
    .command("synthesize")
    .description("write support conversations from seed questions with a model, in the format prepare reads")
    .requiredOption("--seeds <file>", "CSV or JSONL of seed questions: column question, optional id and company")
    .requiredOption("--n <n>", "conversations to write (seeds are reused in order when n is larger)", positiveInteger)
    .requiredOption("--model <provider/model>", "the model that writes them, e.g. openai/gpt-4o-mini or sim/strong")
    .requiredOption("--out <file>", "where the conversations go (JSONL)")
    .option("--turns <min-max>", "turns per conversation, both sides counted", turnRange, { min: 2, max: 6 })
    .option("--seed <s>", "seed of the turn counts and customer styles", "0")
    .option("--company <name>", "the airline of seeds without a company column")
    .option("--languages <codes>", "ISO 639-1 codes a conversation may be in, comma-separated", languageList, ["en"])
    .option("--max-attempts <n>", "calls per conversation before it is reported as failed", positiveInteger, 3)
    .option("--concurrency <n>", "calls in flight", positiveInteger, 8)
    .option(
      "--budget-usd <x>",
      "dollar cap: calls stop before passing it, and what was written is kept",
      positiveNumber,
    )
    .option("--max-calls <n>", "cap on LM calls", positiveInteger)
    .option("--limit-rpm <n>", "requests per minute (default: learned from the provider)", positiveNumber)
    .option("--estimate", "print the upper bound of calls, tokens and dollars, and call nothing");
  pricesOption(command)
    .option(
      "--home <dir>",
      "the judgeloop data directory: LM cache, ledger, datasets (default: $JUDGELOOP_HOME or .judgeloop)",
    )
    .option("--replay", "answer only from the cache (zero network calls); fail on a miss")
    .option("--json", "print one JSON result on stdout; progress goes to stderr")
    .action(async (flags: SynthesizeFlags) => runSynthesize(flags));
}

async function runSynthesize(flags: SynthesizeFlags): Promise<void> {
  const json = flags.json === true;
  const env = providerEnv(process.env);
  const { seeds, sha256 } = await readSeeds(flags.seeds);
  requireCompanies(seeds, flags.company);
  const lmOptions = await commandLMOptions({ ...flags, out: flags.home }, env);
  if (flags.estimate) return printEstimate(seeds, flags, lmOptions.prices, json);
  requireModelKey(flags.model, env, "--model");
  const lms = openCommandLMs({
    ...lmOptions,
    runId: commandRunId("synthesize"),
    ...(flags.budgetUsd !== undefined && { capUsd: flags.budgetUsd }),
    ...(flags.maxCalls !== undefined && { maxCalls: flags.maxCalls }),
  });
  try {
    info(`synthesizing ${flags.n} conversations from ${seeds.length} seeds with ${flags.model}`, json);
    const result = await synthesizeConversations(seeds, {
      n: flags.n,
      lm: lms.lmFor(flags.model),
      model: flags.model,
      turns: flags.turns,
      seed: flags.seed,
      seedFile: { name: flags.seeds, sha256 },
      ...(flags.company !== undefined && { company: flags.company }),
      detector: await loadLanguageDetector(),
      languages: flags.languages,
      maxAttempts: flags.maxAttempts,
      concurrency: flags.concurrency,
      createdAt: new Date().toISOString(),
      onProgress: (p) =>
        process.stderr.write(`\rattempt ${p.attempt}: ${p.done}/${p.total}${p.errors ? `, ${p.errors} errors` : ""}`),
    });
    process.stderr.write("\n");
    await writeJsonl(flags.out, result.version.rows);
    const home = judgeloopHome(flags.home);
    await saveDatasetVersion(new FileArtifactStore(home), result.version);
    report(result, flags, home, json);
  } finally {
    lms.close();
  }
}

async function readSeeds(file: string): Promise<{ seeds: SeedQuestion[]; sha256: string }> {
  const source = await readDatasetSource(file);
  if (source.format === "arrow")
    throw new JudgeloopError("bad_input", `--seeds ${file}: expected a .csv or .jsonl file`);
  return { seeds: parseSeedQuestions(source), sha256: seedFileHash(source.text) };
}

function requireCompanies(seeds: readonly SeedQuestion[], company: string | undefined): void {
  const without = seeds.filter((seed) => seed.company === undefined).length;
  if (without > 0 && company === undefined) {
    const reason = `${without} of ${seeds.length} seeds have no company: add a company column or pass --company NAME`;
    throw new JudgeloopError("bad_input", reason);
  }
}

async function printEstimate(
  seeds: readonly SeedQuestion[],
  flags: SynthesizeFlags,
  prices: Parameters<typeof estimateWorkload>[1],
  json: boolean,
): Promise<void> {
  await loadTokenizer();
  const slots = planSynthesis(seeds, { ...flags, company: flags.company ?? "" });
  const tokens = synthesisCallTokens(slots, flags.turns);
  const estimate = estimateWorkload({ model: flags.model, calls: slots.length * flags.maxAttempts, ...tokens }, prices);
  if (json) return printJson({ estimate, firstAttemptCalls: slots.length, maxAttempts: flags.maxAttempts });
  const cost = estimate.costUsd === undefined ? "price unknown" : `up to $${estimate.costUsd.toFixed(4)}`;
  info(
    `plan (nothing was called): at most ${estimate.calls} calls (${slots.length} conversations × ${flags.maxAttempts} attempts), ${estimate.inputTokens} input + ${estimate.outputTokens} output tokens, ${cost}`,
    false,
  );
}

/** Written to a temporary file first, so a stopped run never leaves half a file under the real name. */
async function writeJsonl(path: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
  await rename(temporary, path);
}

function report(result: SynthesizeResult, flags: SynthesizeFlags, home: string, json: boolean): void {
  const rows = result.version.rows.length;
  if (result.simulated) info(`conversations come from ${flags.model}: SIMULATED, not a real model`, json);
  const refused = Object.entries(result.rejectedByCode).map(([code, count]) => `${code} ${count}`);
  if (refused.length > 0) info(`refused and retried: ${refused.join(", ")}`, json);
  for (const failure of result.failed.slice(0, 5)) {
    info(
      `  no valid conversation for seed ${failure.seedId} after ${failure.attempt} attempts: ${failure.reason}`,
      json,
    );
  }
  info(`wrote ${rows} of ${flags.n} conversations to ${flags.out}; dataset ${result.version.id} in ${home}`, json);
  if (json) printJson(synthesizeJson(result, flags));
  if (result.stoppedReason !== undefined) {
    throw new JudgeloopError(result.stoppedReason, `stopped early: ${result.stoppedMessage ?? result.stoppedReason}`);
  }
  if (rows < flags.n) throw new JudgeloopError("synthesis_incomplete", `${flags.n - rows} conversations failed`);
}

function synthesizeJson(result: SynthesizeResult, flags: SynthesizeFlags) {
  const { calls, inputTokens, outputTokens } = result.usage;
  return {
    out: flags.out,
    dataset: result.version.id,
    requested: flags.n,
    written: result.version.rows.length,
    lineage: result.version.lineage,
    rejected: result.rejectedByCode,
    failed: result.failed,
    usage: { calls, cachedCalls: result.cachedCalls, inputTokens, outputTokens, costUsd: result.costUsd },
    simulated: result.simulated,
    ...(result.stoppedReason !== undefined && { stoppedReason: result.stoppedReason }),
  };
}

function turnRange(value: string): TurnRange {
  const range = parseTurnRange(value);
  if (range === undefined) throw new InvalidArgumentError("expected MIN-MAX, whole numbers with 1 ≤ MIN ≤ MAX ≤ 40");
  return range;
}

function languageList(value: string): string[] {
  const codes = value.split(",").map((code) => code.trim());
  if (codes.some((code) => !/^[a-z]{2}$/.test(code)))
    throw new InvalidArgumentError("expected ISO 639-1 codes, e.g. en,es");
  return codes;
}
