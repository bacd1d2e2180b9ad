import { JudgeloopError, type RunRecord, type RunStatus } from "@judgeloop/core";
import { exportRunAsMlflow, listLocalRuns, localRun, runDirectory } from "@judgeloop/local";
import { type Command, InvalidArgumentError, Option } from "commander";
import { info, printJson } from "../output.ts";
import { judgeloopHome } from "./prepare.ts";

interface RunsFlags {
  out?: string;
  status?: RunStatus;
  limit: number;
  json?: boolean;
}

const statuses: readonly RunStatus[] = ["queued", "running", "succeeded", "stopped", "failed", "cancelled"];

/**
 * `judgeloop runs`: the runs of this data directory, newest first, with status, stage, spend
 * and errors. A run killed mid-way still shows `running`: continue it with `judgeloop resume`.
 *
 * @example
 * judgeloop runs --status running --json
 */
export function registerRuns(program: Command): void {
  const runs = program
    .command("runs")
    .description("list runs, newest first: status, current stage, spend and errors")
    .option("--out <dir>", "the judgeloop data directory (default: $JUDGELOOP_HOME or .judgeloop)")
    .option("--status <status>", `only runs with this status (${statuses.join(", ")})`, status)
    .option("--limit <n>", "at most this many runs", count, 20)
    .option("--json", "print {runs: [...]} as JSON on stdout")
    .action(async (flags: RunsFlags) => {
      const runs = await listLocalRuns(judgeloopHome(flags.out), {
        limit: flags.limit,
        ...(flags.status !== undefined && { status: flags.status }),
      });
      if (flags.json) return printJson({ runs: runs.map(runLine) });
      if (runs.length === 0) return info("no runs yet: start one with `judgeloop pipeline`", false);
      for (const run of runs) info(describe(run), false);
    });
  registerRunsExport(runs);
}

/**
 * `judgeloop runs export RUN --format mlflow --out DIR`: the run as an MLflow run directory
 * (meta.yaml, params/, metrics/, tags/, artifacts/), for teams that track experiments there.
 *
 * @example
 * judgeloop runs export run-20260314-101503-3fa2 --format mlflow --out mlruns/0/run-1
 */
function registerRunsExport(runs: Command): void {
  runs
    .command("export <run>")
    .description("write a run as an MLflow run directory: meta.yaml, params/, metrics/, tags/, artifacts/")
    .addOption(new Option("--format <format>", "the export format").choices(["mlflow"]).makeOptionMandatory())
    .option("--out <dir>", "the run directory to write (replaced whole); required")
    .option("--home <dir>", "the judgeloop data directory (default: $JUDGELOOP_HOME or .judgeloop)")
    .option("--json", "print {dir, params, metrics, artifacts} as JSON on stdout")
    .action(async (runId: string, flags: { out?: string; home?: string; json?: boolean }) => {
      // `runs` has an `--out` of its own (the data directory), which commander fills first.
      const out = flags.out ?? (runs.opts() as { out?: string }).out;
      if (out === undefined) throw new JudgeloopError("bad_input", "runs export needs --out DIR");
      const home = judgeloopHome(flags.home);
      const found = await localRun(home, runId);
      if (found === null)
        throw new JudgeloopError("run_not_found", `no run ${runId} in ${home} (see \`judgeloop runs\`)`);
      const written = await exportRunAsMlflow(found.run, { runDir: runDirectory(home, runId), out });
      if (flags.json ?? (runs.opts() as { json?: boolean }).json) return printJson(written);
      info(
        `wrote ${written.params} params, ${written.metrics} metrics, artifacts ${written.artifacts.join(", ") || "none"} to ${written.dir}`,
        false,
      );
    });
}

/** A run as one JSON line of `runs --json`. */
function runLine(run: RunRecord) {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt ?? null,
    stage: currentStage(run),
    stages: Object.fromEntries(Object.entries(run.stages).map(([name, stage]) => [name, stage.status])),
    spend: run.spend,
    errors: run.errors.map((e) => `${e.stage ?? "run"}: ${e.message}`),
  };
}

function describe(run: RunRecord): string {
  const stage = currentStage(run);
  const spend = `$${run.spend.spentUsd.toFixed(4)}${run.spend.capUsd === undefined ? "" : ` of $${run.spend.capUsd}`}, ${run.spend.calls} calls`;
  const error = run.errors.at(-1);
  const last = error ? `  last error (${error.stage ?? "run"}): ${error.message}` : "";
  const resume = run.status === "running" || run.status === "failed" ? `  → judgeloop resume ${run.id}` : "";
  return `${run.id}  ${run.status.padEnd(9)} ${run.createdAt}  ${stage ?? "-"}  ${spend}${last}${resume}`;
}

/** The stage running or last finished. */
function currentStage(run: RunRecord): string | null {
  const entries = Object.entries(run.stages);
  const running = entries.find(([, stage]) => stage.status === "running");
  if (running) return `${running[0]} (running)`;
  const last = entries
    .filter(([, stage]) => stage.finishedAt !== undefined)
    .sort((a, b) => (a[1].finishedAt ?? "").localeCompare(b[1].finishedAt ?? ""))
    .at(-1);
  return last ? `${last[0]} (${last[1].status})` : null;
}

function status(value: string): RunStatus {
  if (!(statuses as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${statuses.join(", ")}`);
  return value as RunStatus;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return n;
}
