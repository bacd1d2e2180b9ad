import {
  type BudgetCap,
  emptyUsage,
  type JobOutcome,
  JudgeloopError,
  type MiproJobResult,
  type StepMachine,
  type TextJobKind,
} from "@judgeloop/core";
import type { JobSettlement } from "../runtime/worker-pool.ts";

/** A job an optimizer asked for: its id and kind are all the driver needs. */
interface OptimizerJob {
  id: string;
  kind: string;
}

export interface OptimizerMachine<S> {
  step: StepMachine<S>;
  /** Counts settled jobs of the current step, for the progress line. */
  onSettled: (settlement: JobSettlement) => void;
}

/** What one optimizer (MIPRO, GEPA) plugs into `optimizerMachine`. */
export interface OptimizerMachineParts<S> {
  /** The checkpoint name of a step about to run, e.g. `trial:3`. */
  checkpoint: (state: S) => string;
  advance: (state: S, results: MiproJobResult[]) => { state: S; jobs: readonly OptimizerJob[] };
  pending: (state: S) => readonly OptimizerJob[];
  done: (state: S) => boolean;
  /** The progress line after a step or a settled job; `money` is spend against the cap. */
  report: (state: S, jobsDone: number, jobsTotal: number, money: (costUsd: number | null) => string) => void;
}

/**
 * An optimizer's step function in the WorkflowDriver's terms: job outcomes in, jobs out, done when
 * the optimizer is. A dead-lettered job becomes an error result (never a score), so the optimizer
 * moves on instead of waiting for it forever; a replay cache miss stops the run. Progress is
 * reported after every step and every settled job.
 *
 * @example
 * const machine = optimizerMachine({ stage: "judge-optimize", cap: { capUsd: 5 }, parts: miproParts(progress) });
 */
export function optimizerMachine<S>(args: {
  stage: string;
  checkpoint?: (point: string) => Promise<void>;
  cap: BudgetCap | undefined;
  parts: OptimizerMachineParts<S>;
}): OptimizerMachine<S> {
  const { parts } = args;
  const money = (costUsd: number | null) => {
    const spent = costUsd === null ? "?" : `$${costUsd.toFixed(4)}`;
    return args.cap?.capUsd === undefined ? spent : `${spent} of $${args.cap.capUsd}`;
  };
  let current: { state: S; done: number; total: number } | undefined;
  const report = () => {
    if (current) parts.report(current.state, current.done, current.total, money);
  };
  const step: StepMachine<S> = async (state, outcomes) => {
    await args.checkpoint?.(`${args.stage}:${parts.checkpoint(state)}`);
    const results = outcomes.map((o) => resultOf(o, parts.pending(state)));
    const missed = results.find((r) => r.errorKind === "cache_miss");
    if (missed) {
      throw new JudgeloopError(
        "cache_miss",
        `an optimizer call has no cached answer (${missed.errorMessage ?? "replay"})`,
      );
    }
    const { state: next, jobs } = parts.advance(state, results);
    current = { state: next, done: 0, total: jobs.length };
    report();
    return {
      state: next,
      jobs: jobs.map((job) => ({ id: job.id, kind: job.kind, payload: job })),
      done: parts.done(next),
    };
  };
  const onSettled = (settlement: JobSettlement) => {
    if (!current || (settlement.outcome !== "stored" && settlement.outcome !== "dead")) return;
    current.done = Math.min(current.total, current.done + 1);
    report();
  };
  return { step, onSettled };
}

const textKinds: ReadonlySet<string> = new Set(["summarize", "propose", "reflect"]);

function resultOf(outcome: JobOutcome, pending: readonly OptimizerJob[]): MiproJobResult {
  if (outcome.ok) return outcome.value as MiproJobResult;
  const kind = pending.find((s) => s.id === outcome.jobId)?.kind;
  const accounting = { calls: 0, usage: emptyUsage(), costUsd: 0, latencyMs: 0 };
  const error = { errorKind: "dead_letter", errorMessage: `the job failed for good: ${outcome.error}` };
  const base = { jobId: outcome.jobId, status: "error" as const, ...error, ...accounting };
  if (kind !== undefined && textKinds.has(kind)) return { ...base, kind: kind as TextJobKind, text: null };
  return { ...base, kind: kind === "trace" ? "trace" : "evaluate", score: null };
}
