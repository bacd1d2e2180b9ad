/**
 * judgeloop side by side with its peers, on the same simulated world and the same data
 * (every number is SIMULATED: judgeloop's `sim serve` on 127.0.0.1, no real model, no other host).
 *
 * (a) judgeloop's MIPRO-style optimizer vs Ax's `optimize()` (GEPA) on a vague judge, at equal
 *     LM-call budgets, every result scored on the same held-out split by the same evaluator.
 * (b) evaluation throughput of judgeloop's evaluate, Ax's forward and promptfoo's evaluate at the
 *     same rate limit.
 *
 * Peers are installed on demand into `.bench-peers/` (git-ignored). A peer that cannot be
 * installed or loaded is reported and the rest still runs.
 *
 * Run: npm run bench:peers [-- --budget 400 --seeds 1,2,3 --examples 300 --rpm 1200 --latency-ms 150
 *      --concurrency 16 --opt-latency-ms 50 --only optimizers|throughput --reinstall]
 */
import { parseArgs } from "node:util";
import type { Example } from "@judgeloop/core";
import type { AxModule } from "./peers/ax-runner.ts";
import { compareOptimizers, type OptimizerSettings } from "./peers/compare-optimizers.ts";
import {
  axThroughput,
  judgeloopThroughput,
  promptfooThroughput,
  type ThroughputRow,
  type ThroughputSettings,
  throughputScenarios,
} from "./peers/compare-throughput.ts";
import { positiveShare, prepareJudgeData } from "./peers/data.ts";
import { ensurePeers, firstLine, loadPeer } from "./peers/peer-modules.ts";
import { isolatePromptfoo, type PromptfooModule } from "./peers/promptfoo-runner.ts";
import { renderReport } from "./peers/table.ts";

const baselineInstruction = "Decide whether the customer is satisfied.";
const log = (line: string) => process.stderr.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    budget: { type: "string", default: "400" },
    seeds: { type: "string", default: "1,2,3" },
    "opt-latency-ms": { type: "string", default: "50" },
    examples: { type: "string", default: "300" },
    rpm: { type: "string", default: "1200" },
    "latency-ms": { type: "string", default: "150" },
    concurrency: { type: "string", default: "16" },
    only: { type: "string" },
    reinstall: { type: "boolean", default: false },
  },
});

function positive(name: string): number {
  const n = Number(values[name as keyof typeof values]);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number`);
  return n;
}

const cleanupPromptfoo = isolatePromptfoo();
try {
  const problems = ensurePeers({ reinstall: values.reinstall, log });
  const ax = await loadPeer<AxModule>("@ax-llm/ax");
  const promptfoo = await loadPeer<PromptfooModule>("promptfoo");
  for (const peer of [ax, promptfoo]) if (!peer.ok) problems.push(peer.reason);
  const versions: Record<string, string> = {};
  if (ax.ok) versions["@ax-llm/ax"] = ax.version;
  if (promptfoo.ok) versions.promptfoo = promptfoo.version;

  log("preparing the judge data (examples/airline-support, judgeloop's data module)");
  const data = await prepareJudgeData({ trainSize: 100, valSize: 100, heldOutSize: 200 });

  const optimizerSettings: OptimizerSettings = {
    budget: positive("budget"),
    seeds: values.seeds.split(",").map((s) => Number(s.trim())),
    latencyMs: positive("opt-latency-ms"),
    taskModel: "sim/default",
    proposerModel: "sim/strong",
    baselineInstruction,
    evalConcurrency: 8,
  };
  const only = values.only;
  if (only !== undefined && only !== "optimizers" && only !== "throughput") {
    throw new Error("--only must be optimizers or throughput");
  }
  let comparison: Awaited<ReturnType<typeof compareOptimizers>> | undefined;
  if (only !== "throughput") {
    log("(a) optimizers at equal LM-call budgets");
    comparison = await compareOptimizers(data, ax.ok ? ax.module : undefined, optimizerSettings, log);
    if (comparison.axProblem) problems.push(comparison.axProblem);
  }

  const throughputSettings: ThroughputSettings = {
    rpm: positive("rpm"),
    latencyMs: positive("latency-ms"),
    concurrency: positive("concurrency"),
    taskModel: "sim/default",
    instruction: baselineInstruction,
  };
  const examples = [...data.heldOut, ...data.val, ...data.train].slice(0, positive("examples"));
  const rows: ThroughputRow[] = [];
  if (only !== "optimizers") {
    log(`(b) evaluation throughput over ${examples.length} examples`);
    rows.push(...(await throughputRows(examples, throughputSettings, ax, promptfoo, problems)));
  }

  const report = renderReport({
    command: `npm run bench:peers${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    versions,
    problems,
    data: {
      train: data.train.length,
      val: data.val.length,
      heldOut: data.heldOut.length,
      heldOutPositive: positiveShare(data.heldOut),
    },
    ...(comparison && { optimizers: { settings: optimizerSettings, comparison } }),
    ...(rows.length > 0 && { throughput: { settings: throughputSettings, examples: examples.length, rows } }),
  });
  process.stdout.write(`${report}\n`);
} finally {
  cleanupPromptfoo();
}

async function throughputRows(
  examples: readonly Example[],
  settings: ThroughputSettings,
  ax: Awaited<ReturnType<typeof loadPeer<AxModule>>>,
  promptfoo: Awaited<ReturnType<typeof loadPeer<PromptfooModule>>>,
  problems: string[],
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  const attempt = async (name: string, run: () => Promise<ThroughputRow[]>) => {
    try {
      const added = await run();
      rows.push(...added);
      for (const row of added)
        log(
          `  [${row.scenario}] ${row.tool} (${row.mode}): ${row.perSecond.toFixed(2)} requests/s, ${row.failed} failed`,
        );
    } catch (error) {
      problems.push(`${name} evaluation failed: ${firstLine(error)}`);
    }
  };
  for (const scenario of throughputScenarios) {
    const run = { ...settings, scenario };
    await attempt("judgeloop", async () => [await judgeloopThroughput(examples, run)]);
    if (ax.ok) await attempt("Ax", () => axThroughput(ax.module, examples, run));
    if (promptfoo.ok)
      await attempt("promptfoo", async () => [await promptfooThroughput(promptfoo.module, examples, run)]);
  }
  return rows;
}
