import { readFile } from "node:fs/promises";
import type { RunSummaryData } from "@judgeloop/core";
import { JudgeloopError } from "@judgeloop/core";
import { buildRunReport } from "@judgeloop/local";
import type { Command } from "commander";
import { info, printJson } from "../output.ts";
import { judgeloopHome } from "./prepare.ts";

interface ReportFlags {
  out?: string;
  json?: boolean;
}

/**
 * `judgeloop report RUN`: (re)writes the run's self-contained HTML report and its summary.json
 * from the stored stage outputs, and prints the path.
 *
 * @example
 * judgeloop report run-20260314-101503-3fa2 --json
 */
export function registerReport(program: Command): void {
  program
    .command("report")
    .description("write a run's HTML report and summary.json (from its stored results) and print the path")
    .argument("<run>", "the run id (see `judgeloop runs`)")
    .option("--out <dir>", "the judgeloop data directory (default: $JUDGELOOP_HOME or .judgeloop)")
    .option("--json", "print {runId, report, summary} as JSON on stdout")
    .action(async (runId: string, flags: ReportFlags) => {
      const written = await buildRunReport(runId, { home: judgeloopHome(flags.out) });
      if (flags.json) printJson({ runId, report: written.htmlPath, summary: written.summaryPath });
      else info(`report: ${written.htmlPath}\nsummary: ${written.summaryPath}`, false);
    });
}

/**
 * Reads a run's summary.json.
 *
 * @example
 * const summary = await readSummary(".judgeloop/runs/run-1/summary.json");
 */
export async function readSummary(path: string): Promise<RunSummaryData> {
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    throw new JudgeloopError("summary_not_found", `cannot read the run summary ${path}`, { cause: error });
  });
  return JSON.parse(text) as RunSummaryData;
}

/**
 * The summary table a pipeline run ends with: dataset sizes, judge baseline → optimized
 * agreement and kappa on train and validation, the gate, generator pass rates with intervals
 * and McNemar p, calls, tokens, cost, and the report's path.
 *
 * @example
 * process.stdout.write(summaryTable(summary, { reportPath }));
 */
export function summaryTable(summary: RunSummaryData, extra: { reportPath?: string; cached?: number } = {}): string {
  const { overview } = summary;
  const lines: string[] = [];
  const simulated = overview.simulated ? "  (SIMULATED: numbers come from the simulator, not real models)" : "";
  lines.push("", `Run ${overview.runId}: ${overview.status}${simulated}`);
  if (overview.statusReason) lines.push(`  why: ${overview.statusReason}`);
  lines.push(datasetsLine(summary));
  const { judge, generator } = summary;
  if (judge) {
    lines.push("", `Judge (${overview.models.judge})          baseline              optimized`);
    for (const split of ["train", "validation"] as const) {
      const { baseline, optimized } = judge[split];
      lines.push(row(`${split} agreement`, estimate(baseline.accuracy), estimate(optimized.accuracy)));
      lines.push(row(`${split} kappa`, estimate(baseline.kappa), estimate(optimized.kappa)));
    }
    lines.push(
      `Gate: ${judge.gate.allowed ? (judge.gate.forced ? "FORCED" : "passed") : "FAILED"}: ${judge.gate.reason}`,
    );
  } else if (summary.notRun.judge) lines.push(`Judge: not run: ${summary.notRun.judge}`);
  if (generator) {
    lines.push("", `Generator (${overview.models.generator})  baseline              optimized             McNemar p`);
    for (const split of ["train", "holdout"] as const) {
      const c = generator[split];
      lines.push(
        `${row(`${split} pass rate`, estimate(c.baseline), estimate(c.candidate))}  ${c.mcnemar.exactPValue.toPrecision(3)}`,
      );
    }
    lines.push(`  pass = ${generator.metric}`);
  } else if (summary.notRun.generator) lines.push(`Generator: not run: ${summary.notRun.generator}`);
  lines.push("", spendLine(summary, extra.cached));
  if (extra.reportPath) lines.push(`Report: ${extra.reportPath}`);
  return `${lines.join("\n")}\n`;
}

function datasetsLine(summary: RunSummaryData): string {
  const size = (name: string) => summary.overview.datasets.find((d) => d.name === name)?.size ?? 0;
  const { labels } = summary.overview;
  const rate = labels.count === 0 ? "" : `, ${Math.round((labels.satisfied / labels.count) * 100)}% satisfied`;
  return `Datasets: judge train ${size("judge-train")}, judge validation ${size("judge-validation")}, dev train ${size("dev-train")}, dev holdout ${size("dev-holdout")}; labels ${labels.count} (${labels.source}${rate})`;
}

function spendLine(summary: RunSummaryData, cached: number | undefined): string {
  const { spend } = summary.overview;
  const cost = spend.costUsd === null ? "unknown" : `$${spend.costUsd.toFixed(4)}`;
  const cap = spend.capUsd === null ? "" : ` of a $${spend.capUsd} cap`;
  const fromCache = cached === undefined ? "" : ` (+${cached} answered from the cache)`;
  const nominal = summary.overview.simulated ? " (simulated prices)" : "";
  return `LM calls: ${spend.calls}${fromCache}; tokens ${spend.inputTokens} in, ${spend.outputTokens} out; cost ${cost}${cap}${nominal}`;
}

function row(label: string, baseline: string, optimized: string): string {
  return `  ${label.padEnd(22)} ${baseline.padEnd(21)} ${optimized.padEnd(21)}`;
}

/** "0.712 [0.63, 0.78]", or "n/a" when the estimate is undefined. */
function estimate(value: { value: number | null; interval: { lower: number; upper: number } | null }): string {
  if (value.value === null) return "n/a";
  const interval = value.interval ? ` [${value.interval.lower.toFixed(2)}, ${value.interval.upper.toFixed(2)}]` : "";
  return `${value.value.toFixed(3)}${interval}`;
}
