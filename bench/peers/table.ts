/** The benchmark's report: markdown tables, labelled simulated, with the command that reproduces them. */
import type { OptimizerComparison, OptimizerRun, OptimizerSettings } from "./compare-optimizers.ts";
import type { ThroughputRow, ThroughputSettings } from "./compare-throughput.ts";

export interface ReportInput {
  command: string;
  versions: Record<string, string>;
  problems: string[];
  data: { train: number; val: number; heldOut: number; heldOutPositive: number };
  optimizers?: { settings: OptimizerSettings; comparison: OptimizerComparison };
  throughput?: { settings: ThroughputSettings; examples: number; rows: ThroughputRow[] };
}

/**
 * The whole report as markdown.
 *
 * @example
 * process.stdout.write(renderReport(input));
 */
export function renderReport(input: ReportInput): string {
  const versions = Object.entries(input.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ");
  const lines = [
    "## judgeloop vs peers (SIMULATED)",
    "",
    "Every number below comes from judgeloop's simulated LLM (`sim serve` on 127.0.0.1), not from a real model.",
    "",
    `Reproduce: \`${input.command}\` — peers used: ${versions || "none"}.`,
    "",
  ];
  if (input.optimizers) lines.push(...optimizerSection(input, input.optimizers), "");
  if (input.throughput) lines.push(...throughputSection(input.throughput), "");
  if (input.problems.length > 0) lines.push("Did not run or failed:", ...input.problems.map((p) => `- ${p}`), "");
  return `${lines.join("\n")}`;
}

function optimizerSection(input: ReportInput, { settings, comparison }: NonNullable<ReportInput["optimizers"]>) {
  const { data } = input;
  const rows: string[][] = [["baseline (not optimized)", num(comparison.baseline), "", "", "", "", ""]];
  if (comparison.judgeloop.length > 0)
    rows.push(optimizerRow("judgeloop MIPRO (light), capped at Ax's calls", comparison.judgeloop, settings));
  if (comparison.ax.length > 0) rows.push(optimizerRow("Ax `optimize()` (GEPA)", comparison.ax, settings));
  const perSeed = settings.seeds.map((seed) => {
    const jl = comparison.judgeloop.find((r) => r.seed === seed);
    const ax = comparison.ax.find((r) => r.seed === seed);
    return [String(seed), cell(jl), cell(ax)];
  });
  return [
    `### (a) Optimizing a judge at equal LM-call budgets (SIMULATED)`,
    "",
    `Judge \`transcript -> reasoning, satisfied: boolean\`, baseline instruction "${settings.baselineInstruction}"; ` +
      `task model \`${settings.taskModel}\`, proposer/teacher \`${settings.proposerModel}\`; ` +
      `train ${data.train}, validation ${data.val}, held-out ${data.heldOut} (${pct(data.heldOutPositive)} satisfied); ` +
      `budget ${settings.budget} LM calls; seeds ${settings.seeds.join(", ")}; server latency ${settings.latencyMs} ms, no rate limit.`,
    "",
    table(
      [
        "optimizer",
        "held-out agreement (judgeloop evaluate)",
        "held-out agreement (Ax forward)",
        "LM calls",
        "tokens in / out",
        "wall s",
        "mean in flight",
      ],
      rows,
    ),
    "",
    "Mean over seeds (min–max). LM calls are counted at the sim server; tokens use the simulator's tokenizer on each tool's own messages.",
    "",
    table(["seed", "judgeloop: held-out, calls, final prompt", "Ax: held-out, calls, final prompt"], perSeed),
  ];
}

function optimizerRow(name: string, runs: readonly OptimizerRun[], settings: OptimizerSettings): string[] {
  const own = runs.map((r) => r.ownForward).filter((x): x is number => typeof x === "number");
  const inFlight = runs.map((r) => (r.calls * settings.latencyMs) / 1000 / r.seconds);
  return [
    name,
    spread(runs.map((r) => r.heldOut).filter((x): x is number => x !== null)),
    own.length > 0 ? spread(own) : "—",
    spread(
      runs.map((r) => r.calls),
      0,
    ),
    `${kilo(mean(runs.map((r) => r.inputTokens)))} / ${kilo(mean(runs.map((r) => r.outputTokens)))}`,
    spread(
      runs.map((r) => r.seconds),
      1,
    ),
    mean(inFlight).toFixed(1),
  ];
}

function cell(run: OptimizerRun | undefined): string {
  if (!run) return "—";
  const prompt = `${run.demos} demos; "${run.instruction.length > 90 ? `${run.instruction.slice(0, 87)}...` : run.instruction}"`;
  return `${num(run.heldOut)}, ${run.calls} calls, ${prompt}`;
}

function throughputSection({ settings, examples, rows }: NonNullable<ReportInput["throughput"]>) {
  return [
    `### (b) Evaluation throughput at the same rate limit (SIMULATED)`,
    "",
    `${examples} judge examples; \`sim serve\` at ${settings.rpm} RPM and ${settings.latencyMs} ms latency, a fresh server per run; ` +
      `bound = min(RPM/60, concurrency/latency). disclosed: OpenAI's x-ratelimit-* headers, judgeloop given --limit-rpm; ` +
      `undisclosed: nobody is told the RPM, only retry-after on a 429, plus 3% extra 429s and 3% 500s.`,
    "",
    table(
      [
        "scenario",
        "tool",
        "mode",
        "concurrency",
        "requests/s",
        "bound",
        "ratio",
        "429s",
        "5xx",
        "lost",
        "wall s",
        "agreement (sanity)",
      ],
      rows.map((r) => [
        r.scenario,
        r.tool,
        r.mode,
        String(r.concurrency),
        r.perSecond.toFixed(2),
        r.bound.toFixed(2),
        (r.perSecond / r.bound).toFixed(3),
        String(r.rateLimited),
        String(r.serverErrors),
        String(r.failed),
        r.seconds.toFixed(1),
        num(r.agreement),
      ]),
    ),
  ];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function spread(values: readonly number[], digits = 3): string {
  if (values.length === 0) return "n/a";
  const format = (x: number) => x.toFixed(digits);
  if (values.length === 1) return format(values[0] as number);
  return `${format(mean(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function num(value: number | null | undefined): string {
  return value === null || value === undefined ? "n/a" : value.toFixed(3);
}

function pct(share: number): string {
  return `${Math.round(100 * share)}%`;
}

function kilo(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(0)}k` : n.toFixed(0);
}
