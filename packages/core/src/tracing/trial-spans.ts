import type { MiproState } from "../optimize/mipro-state.ts";
import { judgeloopAttributes } from "./span-attributes.ts";
import type { Tracer, TraceSpan } from "./tracer.ts";

/** The part of an optimizer job this needs: evaluate jobs name the evaluation (trial) they belong to. */
interface TrialJob {
  kind: string;
  evaluation?: string;
}

/**
 * One span per MIPRO evaluation (a minibatch trial, or a full valset evaluation), opened by
 * its first job and closed, with its score, by the step that observes it. Each evaluate job
 * runs inside its evaluation's span, so the LM calls it makes are the trial's children;
 * other jobs (traces, proposals) stay under the stage.
 *
 * @example
 * const trials = new TrialSpans(tracer, "mipro");
 * const result = await trials.run(job, () => runMiproJob(job, context)); // per job
 * trials.observe(nextState); // after each step
 */
export class TrialSpans {
  readonly #open = new Map<string, TraceSpan>();

  constructor(
    private readonly tracer: Tracer,
    private readonly optimizer: string,
  ) {}

  /** Runs one job's work, inside its evaluation's span when it is an evaluate job. */
  run<T>(job: TrialJob, work: () => Promise<T>): Promise<T> {
    if (job.kind !== "evaluate" || job.evaluation === undefined) return work();
    return this.tracer.withSpan(this.#spanOf(job.evaluation), work);
  }

  /** Closes the spans of evaluations that `state` no longer has running, with their scores. */
  observe(state: MiproState): void {
    for (const evaluation of state.search.evaluations) {
      const span = this.#open.get(evaluation.id);
      if (!span || evaluation.status === "running") continue;
      span.setAttributes({
        [judgeloopAttributes.trialIndex]: evaluation.trial ?? undefined,
        [judgeloopAttributes.trialKind]: evaluation.kind,
        [judgeloopAttributes.score]: evaluation.score ?? undefined,
        [judgeloopAttributes.trialExamples]: evaluation.examples.length,
        [judgeloopAttributes.trialErrors]: evaluation.errors,
        [judgeloopAttributes.costUsd]: evaluation.costUsd ?? undefined,
        "judgeloop.trial.status": evaluation.status,
      });
      span.end();
      this.#open.delete(evaluation.id);
    }
  }

  /** Ends the spans still open (the optimization stopped or failed before observing them). */
  endAll(): void {
    for (const span of this.#open.values()) span.end();
    this.#open.clear();
  }

  #spanOf(evaluation: string): TraceSpan {
    const existing = this.#open.get(evaluation);
    if (existing) return existing;
    const full = evaluation.startsWith("full-");
    const span = this.tracer.startSpan(full ? "optimizer evaluation" : "optimizer trial", {
      attributes: {
        [judgeloopAttributes.optimizer]: this.optimizer,
        [judgeloopAttributes.trialEvaluation]: evaluation,
      },
    });
    this.#open.set(evaluation, span);
    return span;
  }
}
