import { JudgeloopError } from "../errors.ts";
import { defaultLevel, type ProportionEstimate, proportionEstimate } from "./intervals.ts";

/** The verdicts a judge gave one example over k repeated runs. */
export interface RepeatedVerdicts {
  readonly id: string;
  readonly verdicts: readonly boolean[];
}

/** How consistently the judge answered one example. */
export interface ExampleStability {
  readonly id: string;
  readonly repeats: number;
  readonly passes: number;
  /** The majority verdict; null on an exact tie. */
  readonly majority: boolean | null;
  /** Fraction of repeats that disagree with the majority (0.5 on a tie). */
  readonly flipRate: number;
  /** True when the repeats do not all agree. */
  readonly anyFlip: boolean;
}

export interface StabilityReport {
  readonly examples: number;
  readonly repeats: { readonly min: number; readonly max: number } | null;
  /** Verdicts disagreeing with their example's majority, over all verdicts; null with no examples. */
  readonly flipRate: number | null;
  readonly unstableExamples: number;
  /** Fraction of examples with any flip, with a Wilson interval. */
  readonly unstableFraction: ProportionEstimate;
  readonly perExample: readonly ExampleStability[];
}

/**
 * Judge stability from k repeated verdicts per example: per-example flip rate (share of repeats
 * disagreeing with the majority) and whether anything flipped, the pooled flip rate, and the
 * fraction of unstable examples. A single repeat can show no flip, so use k ≥ 2.
 *
 * @example
 * judgeStability([{ id: "a", verdicts: [true, true, false] }]).perExample[0]?.flipRate; // 1/3
 */
export function judgeStability(runs: readonly RepeatedVerdicts[], level = defaultLevel): StabilityReport {
  const seen = new Set<string>();
  const perExample = runs.map((run, index) => {
    checkRun(run, index, seen);
    return exampleStability(run);
  });
  const totalVerdicts = perExample.reduce((sum, e) => sum + e.repeats, 0);
  const disagreeing = perExample.reduce((sum, e) => sum + e.flipRate * e.repeats, 0);
  const unstableExamples = perExample.filter((e) => e.anyFlip).length;
  const repeatCounts = perExample.map((e) => e.repeats);
  return {
    examples: perExample.length,
    repeats: repeatCounts.length === 0 ? null : { min: Math.min(...repeatCounts), max: Math.max(...repeatCounts) },
    flipRate: totalVerdicts === 0 ? null : disagreeing / totalVerdicts,
    unstableExamples,
    unstableFraction: proportionEstimate(unstableExamples, perExample.length, level, "no examples"),
    perExample,
  };
}

function exampleStability(run: RepeatedVerdicts): ExampleStability {
  const repeats = run.verdicts.length;
  const passes = run.verdicts.filter(Boolean).length;
  const fails = repeats - passes;
  const majority = passes === fails ? null : passes > fails;
  return {
    id: run.id,
    repeats,
    passes,
    majority,
    flipRate: Math.min(passes, fails) / repeats,
    anyFlip: passes > 0 && fails > 0,
  };
}

function checkRun(run: RepeatedVerdicts, index: number, seen: Set<string>): void {
  if (typeof run.id !== "string" || run.id === "") {
    throw new JudgeloopError("bad_metric_input", `run ${index}: id must be a non-empty string`);
  }
  if (seen.has(run.id)) throw new JudgeloopError("bad_metric_input", `example id "${run.id}" appears more than once`);
  seen.add(run.id);
  if (!Array.isArray(run.verdicts) || run.verdicts.length === 0) {
    throw new JudgeloopError("bad_metric_input", `example "${run.id}": verdicts must be a non-empty list`);
  }
  if (run.verdicts.some((v) => typeof v !== "boolean")) {
    throw new JudgeloopError("bad_metric_input", `example "${run.id}": every verdict must be a boolean`);
  }
}
