import {
  baselineGenerator,
  contentHash,
  createDatasetVersion,
  Example,
  evaluate,
  generatorInput,
  JudgeloopError,
  saveDatasetVersion,
  withReplies,
} from "@judgeloop/core";
import { createLMFactory, FileArtifactStore, providerEnv } from "@judgeloop/local";
import type { Command } from "commander";
import { loadDataset } from "../dataset-reference.ts";
import { info, printJson } from "../output.ts";
import { judgeloopHome } from "./prepare.ts";

interface GenerateFlags {
  dataset: string;
  model: string;
  concurrency: string;
  out?: string;
  json?: boolean;
}

/**
 * `judgeloop generate`: the baseline generator writes the next Support message for every
 * conversation of a dataset; the reply is appended to the transcript (`output_transcript`) so the
 * result can be labelled and judged. Writes a new dataset version whose parent is the input.
 *
 * @example
 * judgeloop generate --dataset 3f2a9c --model sim/generator --json
 */
export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description("Write the baseline generator's next Support reply for every conversation of a dataset")
    .requiredOption("--dataset <id|file>", "a dataset version id (or a unique prefix of one), or a JSONL/CSV file")
    .option("--model <model>", "provider/model of the generator (sim/generator runs offline)", "sim/generator")
    .option("--concurrency <n>", "generator calls in flight", "8")
    .option("--out <dir>", "the judgeloop data directory (default: $JUDGELOOP_HOME or .judgeloop)")
    .option("--json", "print one JSON result on stdout; progress goes to stderr")
    .action(async (flags: GenerateFlags) => runGenerate(flags));
}

async function runGenerate(flags: GenerateFlags): Promise<void> {
  const json = flags.json === true;
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new JudgeloopError("bad_input", `--concurrency ${flags.concurrency} is not a positive integer`);
  }
  const lm = createLMFactory({ env: providerEnv(process.env) })(flags.model);
  const home = judgeloopHome(flags.out);
  const store = new FileArtifactStore(home);
  const dataset = await loadDataset(store, flags.dataset);
  const rows = dataset.version.rows;
  const missing = rows.filter((row) => typeof row[generatorInput] !== "string").length;
  if (missing > 0) {
    const reason = `${missing} of ${rows.length} rows have no \`${generatorInput}\` text; run prepare first`;
    throw new JudgeloopError("bad_input", reason);
  }
  const generator = baselineGenerator();
  const examples = rows.map((row) => new Example({ [generatorInput]: row[generatorInput] }).withInputs(generatorInput));
  const result = await evaluate(generator, examples, () => true, {
    lm,
    concurrency,
    onProgress: (p) =>
      process.stderr.write(`\rgenerator ${p.done}/${p.total}${p.errors ? `, ${p.errors} errors` : ""}`),
  });
  process.stderr.write("\n");
  const { generated, failed } = withReplies(rows, result.records);
  if (generated.length === 0)
    throw new JudgeloopError("generation_failed", `the generator failed on all ${rows.length} rows`);
  const lineage = {
    parent: dataset.version.id,
    transform: "generate",
    params: { model: flags.model, program: contentHash(generator.toState()).slice(0, 16) },
    seed: null,
    counts: { input: rows.length, failed: failed.length },
  };
  const version = createDatasetVersion(generated, lineage, new Date().toISOString());
  if (dataset.fromFile) await saveDatasetVersion(store, dataset.version);
  await saveDatasetVersion(store, version);
  if (result.simulated) info(`replies come from ${flags.model}: SIMULATED, not a real model`, json);
  if (failed.length > 0) info(`the generator failed on ${failed.length} rows (left out)`, json);
  info(`generated dataset ${version.id} (${generated.length} rows) written to ${home}`, json);
  if (json) {
    const usage = { ...result.usage, costUsd: result.costUsd };
    printJson({
      dataset: dataset.version.id,
      generated: version.id,
      rows: generated.length,
      failed,
      usage,
      simulated: result.simulated,
    });
  }
}
