import {
  type BudgetCap,
  emptyUsage,
  type GepaJobSpec,
  type GepaState,
  gepaProgressOf,
  gepaStep,
  type JobOutcome,
  JudgeloopError,
  type MiproJobResult,
  type OptimizationRequest,
  type StepMachine,
} from "@judgeloop/core";
import type { JobSettlement } from "../runtime/worker-pool.ts";

export interface GepaMachine {
  step: StepMachine<GepaState>;
  /** Counts settled jobs of the current step, for the progress line. */
  onSettled: (settlement: JobSettlement) => void;
}

/**
 * The GEPA step machine in the WorkflowDriver's terms, as `miproStepMachine` is for MIPRO: a
 * dead-lettered job becomes an error result (never a score); progress is metric calls n/N with
 * the pool size, the best Pareto-set score and spend against the cap.
 *
 * @example
 * const machine = gepaStepMachine({ stage: "judge-optimize", progress, cap: { capUsd: 5 } });
 */
export function gepaStepMachine(args: {
  stage: string;
  progress: OptimizationRequest["progress"];
  checkpoint?: (point: string) => Promise<void>;
  cap: BudgetCap | undefined;
}): GepaMachine {
  let current: { state: GepaState; done: number; total: number } | undefined;
  const report = () => {
    if (!current) return;
    const p = gepaProgressOf(current.state, current.done, current.total);
    const best = p.bestScore === null ? "—" : p.bestScore.toFixed(3);
    const spent = p.spend.costUsd === null ? "?" : `$${p.spend.costUsd.toFixed(4)}`;
    const cap = args.cap?.capUsd === undefined ? "" : ` of $${args.cap.capUsd}`;
    const detail = `${p.candidates} candidates, best ${best}, ${spent}${cap}, ${p.spend.calls} calls`;
    args.progress(Math.min(p.metricCalls, p.maxMetricCalls), p.maxMetricCalls, "metric calls", detail);
  };
  const step: StepMachine<GepaState> = async (state, outcomes) => {
    await args.checkpoint?.(`${args.stage}:iteration:${state.iterations}`);
    const results = outcomes.map((o) => resultOf(o, state.pending));
    const missed = results.find((r) => r.errorKind === "cache_miss");
    if (missed) {
      throw new JudgeloopError(
        "cache_miss",
        `an optimizer call has no cached answer (${missed.errorMessage ?? "replay"})`,
      );
    }
    const { state: next, jobs } = gepaStep(state, results);
    current = { state: next, done: 0, total: jobs.length };
    report();
    return {
      state: next,
      jobs: jobs.map((job) => ({ id: job.id, kind: job.kind, payload: job })),
      done: next.phase === "done",
    };
  };
  const onSettled = (settlement: JobSettlement) => {
    if (!current || (settlement.outcome !== "stored" && settlement.outcome !== "dead")) return;
    current.done = Math.min(current.total, current.done + 1);
    report();
  };
  return { step, onSettled };
}

function resultOf(outcome: JobOutcome, pending: readonly GepaJobSpec[]): MiproJobResult {
  if (outcome.ok) return outcome.value as MiproJobResult;
  const spec = pending.find((s) => s.id === outcome.jobId);
  const accounting = { calls: 0, usage: emptyUsage(), costUsd: 0, latencyMs: 0 };
  const error = { errorKind: "dead_letter", errorMessage: `the job failed for good: ${outcome.error}` };
  if (spec?.kind === "reflect")
    return { jobId: outcome.jobId, kind: "reflect", status: "error", text: null, ...error, ...accounting };
  return { jobId: outcome.jobId, kind: "evaluate", status: "error", score: null, ...error, ...accounting };
}
