import {
  type BudgetCap,
  emptyUsage,
  type JobOutcome,
  JudgeloopError,
  type MiproJobResult,
  type MiproJobSpec,
  type MiproState,
  miproStep,
  type OptimizationRequest,
  progressOf,
  type StepMachine,
} from "@judgeloop/core";
import type { JobSettlement } from "../runtime/worker-pool.ts";

export interface MiproMachine {
  step: StepMachine<MiproState>;
  /** Counts settled jobs of the current step, for the progress line. */
  onSettled: (settlement: JobSettlement) => void;
}

/**
 * The MIPRO step machine in the WorkflowDriver's terms: job outcomes in, jobs out, done when
 * the optimizer is. A dead-lettered job becomes an error result (never a score), so the
 * optimizer moves on instead of waiting for it forever. Reports progress after every step
 * and job: trial n/N, the best full score so far, and spend against the cap.
 *
 * @example
 * const machine = miproStepMachine({ stage: "judge-optimize", options, cap: { capUsd: 5 } });
 */
export function miproStepMachine(args: {
  stage: string;
  progress: OptimizationRequest["progress"];
  checkpoint?: (point: string) => Promise<void>;
  cap: BudgetCap | undefined;
}): MiproMachine {
  let current: { state: MiproState; done: number; total: number } | undefined;
  const report = () => {
    if (!current) return;
    const p = progressOf(current.state, current.done, current.total);
    const best = p.bestScore === null ? "—" : p.bestScore.toFixed(3);
    const spent = p.spend.costUsd === null ? "?" : `$${p.spend.costUsd.toFixed(4)}`;
    const cap = args.cap?.capUsd === undefined ? "" : ` of $${args.cap.capUsd}`;
    const jobs = current.total > 0 ? `, ${p.phase} jobs ${current.done}/${current.total}` : "";
    args.progress(p.trial, p.trials, "trials", `best ${best}, ${spent}${cap}, ${p.spend.calls} calls${jobs}`);
  };
  const step: StepMachine<MiproState> = async (state, outcomes) => {
    await args.checkpoint?.(`${args.stage}:trial:${progressOf(state, 0, 0).trial}`);
    const results = outcomes.map((o) => resultOf(o, state.pending));
    const missed = results.find((r) => r.errorKind === "cache_miss");
    if (missed) {
      throw new JudgeloopError(
        "cache_miss",
        `an optimizer call has no cached answer (${missed.errorMessage ?? "replay"})`,
      );
    }
    const { state: next, jobs } = miproStep(state, results);
    current = { state: next, done: 0, total: jobs.length };
    report();
    const done = next.phase === "done";
    return { state: next, jobs: jobs.map((job) => ({ id: job.id, kind: job.kind, payload: job })), done };
  };
  const onSettled = (settlement: JobSettlement) => {
    if (!current || (settlement.outcome !== "stored" && settlement.outcome !== "dead")) return;
    current.done = Math.min(current.total, current.done + 1);
    report();
  };
  return { step, onSettled };
}

function resultOf(outcome: JobOutcome, pending: readonly MiproJobSpec[]): MiproJobResult {
  if (outcome.ok) return outcome.value as MiproJobResult;
  const spec = pending.find((s) => s.id === outcome.jobId);
  const accounting = { calls: 0, usage: emptyUsage(), costUsd: 0, latencyMs: 0 };
  const error = { errorKind: "dead_letter", errorMessage: `the job failed for good: ${outcome.error}` };
  if (spec?.kind === "summarize" || spec?.kind === "propose") {
    return { jobId: outcome.jobId, kind: spec.kind, status: "error", text: null, ...error, ...accounting };
  }
  const kind = spec?.kind === "trace" ? "trace" : "evaluate";
  return { jobId: outcome.jobId, kind, status: "error", score: null, ...error, ...accounting };
}
