/** The optimizer benchmark's markdown report: one table per world, every number simulated. */

/** One optimizer's run on one world, budget level and seed. */
export interface BenchCell {
  world: string;
  budget: number;
  seed: number;
  /** The repetition of a cell whose optimizer draws unseeded randomness (Ax); rows average a seed's runs. */
  run?: number;
  optimizer: string;
  heldOut: number | null;
  requests: number;
  seconds: number;
}

// Two-sided 95% Student t quantiles by degrees of freedom.
const t95 = [Number.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

/**
 * Mean and 95% t-interval of per-seed values.
 *
 * @example
 * meanInterval([0.85, 0.95, 0.85]); // { mean: 0.883, lower: 0.74, upper: 1.03 }
 */
export function meanInterval(values: readonly number[]): { mean: number; lower: number; upper: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, n);
  if (n < 2) return { mean, lower: mean, upper: mean };
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = (t95[n - 1] ?? 1.96) * (sd / Math.sqrt(n));
  return { mean, lower: mean - half, upper: mean + half };
}

export interface OptimizerReport {
  cells: readonly BenchCell[];
  baselines: Record<string, number | null>;
  positives: Record<string, number>;
  worlds: readonly string[];
  /** Worlds the optimizers' defaults were chosen on (marked in the report). */
  tuningWorlds?: readonly string[];
  problems: readonly string[];
  /** The command line, date (YYYY-MM-DD) and seeds of the run, for the report's header. */
  command?: string;
  date?: string;
  seeds?: readonly number[];
}

/**
 * The report: per world, each optimizer at each budget with its held-out accuracy (mean and 95%
 * interval over seeds, and per seed) and requests; then whether GEPA or MIPRO reached Ax's best
 * (`verdict`).
 *
 * @example
 * console.log(renderOptimizerTables(report));
 */
export function renderOptimizerTables(report: OptimizerReport): string {
  const lines = ["# Optimizers at equal LM-request budgets (SIMULATED)", ""];
  const header = [
    report.date && `date ${report.date}`,
    report.seeds && `seeds ${report.seeds.join(", ")}`,
    report.command && `\`${report.command}\``,
  ].filter(Boolean);
  if (header.length > 0) lines.push(`Simulated; ${header.join("; ")}.`, "");
  for (const world of report.worlds) {
    const cells = report.cells.filter((c) => c.world === world);
    const baseline = report.baselines[world];
    const tuning = report.tuningWorlds?.includes(world) ? ", tuning world: defaults were chosen here" : "";
    lines.push(`## World \`${world}\` (simulated${tuning})`, "");
    lines.push(
      `Baseline judge held-out accuracy ${pct(baseline ?? null)}; ${pct(report.positives[world] ?? 0)} of the 200 held-out transcripts are satisfied.`,
      "",
    );
    lines.push("| optimizer | budget | held-out accuracy, mean [95% CI] | per seed | requests mean (max) |");
    lines.push("| --- | ---: | --- | --- | ---: |");
    const groups = groupBy(cells, (c) => `${c.budget}|${c.optimizer}`);
    for (const [key, group] of groups) {
      const [budget, optimizer] = key.split("|");
      const seeds = seedMeans(group);
      const { mean, lower, upper } = meanInterval(seeds.flatMap((s) => (s.heldOut === null ? [] : [s.heldOut])));
      const perSeed = seeds.map((s) => (s.heldOut === null ? "n/a" : s.heldOut.toFixed(3))).join(", ");
      const runs = Math.max(...seeds.map((s) => s.runs));
      const name = runs > 1 ? `${optimizer} (mean of ${runs} runs per seed)` : optimizer;
      const requests = group.map((c) => c.requests);
      const meanRequests = Math.round(requests.reduce((a, b) => a + b, 0) / requests.length);
      lines.push(
        `| ${name} | ~${budget} | ${mean.toFixed(3)} [${lower.toFixed(3)}, ${upper.toFixed(3)}] | ${perSeed} | ${meanRequests} (${Math.max(...requests)}) |`,
      );
    }
    lines.push("", verdict(cells), "");
  }
  if (report.problems.length > 0) lines.push("Problems:", ...report.problems.map((p) => `- ${p}`), "");
  return lines.join("\n");
}

/** judgeloop's optimizers at default flags: `--optimizer mipro`, `gepa` and `bootstrap-gepa`. */
const gepaOrMipro = ["mipro", "gepa", "bootstrap+gepa"];

/**
 * Whether GEPA or MIPRO, at ≤ 823 requests, reached Ax's best mean held-out accuracy. GEPA counts
 * plain and started from bootstrapped demos, as Ax's best counts `optimize()` after
 * `AxBootstrapFewShot`; a second line compares plain GEPA and MIPRO only.
 */
export function verdict(cells: readonly BenchCell[]): string {
  const means = [...groupBy(cells, (c) => `${c.budget}|${c.optimizer}`)].map(([key, group]) => {
    const scores = seedMeans(group).flatMap((s) => (s.heldOut === null ? [] : [s.heldOut]));
    return {
      key,
      optimizer: key.split("|")[1] ?? "",
      mean: meanInterval(scores).mean,
      maxRequests: Math.max(...group.map((c) => c.requests)),
    };
  });
  type Mean = (typeof means)[number];
  const ax = means.filter((m) => m.optimizer.startsWith("ax-"));
  const ours = (names: readonly string[]) => means.filter((m) => names.includes(m.optimizer) && m.maxRequests <= 823);
  if (ax.length === 0 || ours(gepaOrMipro).length === 0) return "No Ax or no judgeloop rows to compare.";
  const best = (rows: Mean[]) => rows.reduce((a, b) => (b.mean > a.mean ? b : a));
  const bestAx = best(ax);
  const line = (label: string, rows: Mean[]) => {
    if (rows.length === 0) return `${label}: no rows.`;
    const top = best(rows);
    const reached = top.mean >= bestAx.mean ? "reached" : "NOT reached";
    return `${label} at ≤ 823 requests: ${top.key.replace("|", " ")} ${top.mean.toFixed(3)}; best Ax: ${bestAx.key.replace("|", " ")} ${bestAx.mean.toFixed(3)} → ${reached}.`;
  };
  return [
    line("Best of GEPA (plain or bootstrap+gepa) and MIPRO", ours(gepaOrMipro)),
    line("Plain GEPA and MIPRO only", ours(["mipro", "gepa"])),
  ].join("\n");
}

/**
 * Each seed's held-out accuracy, averaged over its runs (one run for seeded optimizers).
 *
 * @example
 * seedMeans(cells); // [{ seed: 1, heldOut: 0.93, runs: 3 }, ...]
 */
export function seedMeans(cells: readonly BenchCell[]): { seed: number; heldOut: number | null; runs: number }[] {
  return [...groupBy(cells, (c) => String(c.seed))].map(([, runs]) => {
    const scores = runs.flatMap((c) => (c.heldOut === null ? [] : [c.heldOut]));
    return {
      seed: runs[0]?.seed ?? 0,
      heldOut: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length,
      runs: runs.length,
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function pct(value: number | null): string {
  return value === null ? "n/a" : `${(100 * value).toFixed(1)}%`;
}
