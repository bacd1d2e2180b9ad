import { JudgeloopError } from "../errors.ts";

/** The part of an agreement report the gate reads (metrics/agreement.ts `AgreementReport` fits). */
export interface KappaReport {
  n?: number;
  kappa: {
    value: number | null;
    interval: { lower: number; upper: number } | null;
    reason?: string;
  };
}

/**
 * A saved alignment report: the held-out agreement itself, or a report whose `validation`
 * holds it (directly, or as `validation.optimized` when baseline and optimized judges are kept).
 */
export type AlignmentReportInput = KappaReport | { validation: KappaReport | { optimized: KappaReport } };

export interface JudgeGateOptions {
  /** The lowest acceptable lower confidence bound of held-out kappa; default 0.4. */
  threshold?: number;
  /** Lets a judge that did not pass serve anyway; recorded in the result. */
  force?: boolean;
}

export interface JudgeGateResult {
  /** The held-out kappa lower bound reached the threshold. */
  passed: boolean;
  /** `force` let a judge that did not pass through. */
  forced: boolean;
  /** passed || forced: the judge may serve as a metric. */
  allowed: boolean;
  threshold: number;
  kappaLower: number | null;
  /** One plain sentence saying why. */
  reason: string;
}

/** The configured default: held-out kappa lower bound 0.4 ("moderate" agreement). */
export const defaultGateThreshold = 0.4;

/**
 * Decides whether a judge may serve as the optimization metric: only when the lower bound of
 * its held-out Cohen's kappa confidence interval is at least `threshold`. A report without a
 * kappa interval (too few labels, one class only) does not pass. `force` overrides a refusal and
 * says so in the result. Pure: reads a saved report, calls nothing.
 *
 * @example
 * const gate = judgeGate(alignment, { threshold: 0.4, force: flags.force });
 * if (!gate.allowed) throw new Error(gate.reason);
 */
export function judgeGate(report: AlignmentReportInput, options: JudgeGateOptions = {}): JudgeGateResult {
  const threshold = options.threshold ?? defaultGateThreshold;
  if (!Number.isFinite(threshold) || threshold < -1 || threshold > 1) {
    throw new JudgeloopError("bad_option", `judge gate threshold must be between -1 and 1 (got ${threshold})`);
  }
  const kappa = heldOutReport(report).kappa;
  const kappaLower = kappa.interval?.lower ?? null;
  const passed = kappaLower !== null && kappaLower >= threshold;
  const forced = !passed && options.force === true;
  return {
    passed,
    forced,
    allowed: passed || forced,
    threshold,
    kappaLower,
    reason: reasonFor(kappa, threshold, passed, forced),
  };
}

function heldOutReport(report: AlignmentReportInput): KappaReport {
  if (isKappaReport(report)) return report;
  const validation = (report as { validation?: unknown }).validation;
  if (isKappaReport(validation)) return validation;
  const optimized = (validation as { optimized?: unknown } | undefined)?.optimized;
  if (isKappaReport(optimized)) return optimized;
  throw new JudgeloopError(
    "bad_alignment_report",
    "the alignment report has no held-out kappa (expected `kappa`, `validation.kappa` or `validation.optimized.kappa`)",
  );
}

function isKappaReport(value: unknown): value is KappaReport {
  if (typeof value !== "object" || value === null || !("kappa" in value)) return false;
  const kappa = (value as { kappa: unknown }).kappa;
  return typeof kappa === "object" && kappa !== null && "interval" in kappa;
}

function reasonFor(kappa: KappaReport["kappa"], threshold: number, passed: boolean, forced: boolean): string {
  const lower = kappa.interval?.lower;
  const override = forced ? "; --force overrides this and the run records it" : "; fix the judge or pass --force";
  if (lower === undefined) {
    const why = kappa.reason === undefined ? "" : ` (${kappa.reason})`;
    return `the judge's held-out kappa has no confidence interval${why}, so its agreement with the gold labels is unproven${override}`;
  }
  const shown = `${lower.toFixed(3)} (kappa ${kappa.value?.toFixed(3) ?? "undefined"})`;
  if (passed) return `the judge's held-out kappa lower bound ${shown} clears the threshold ${threshold}`;
  return `the judge's held-out kappa lower bound ${shown} is below the threshold ${threshold}: it does not agree with the gold labels well enough to serve as a metric${override}`;
}
