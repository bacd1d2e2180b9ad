import { type BudgetCap, type MiproState, miproStep, type OptimizationRequest, progressOf } from "@judgeloop/core";
import { type OptimizerMachine, optimizerMachine } from "./optimizer-machine.ts";

/**
 * The MIPRO step machine in the WorkflowDriver's terms (see `optimizerMachine`); progress is
 * trial n/N, the best full score so far, spend against the cap, and the current step's jobs.
 *
 * @example
 * const machine = miproStepMachine({ stage: "judge-optimize", progress, cap: { capUsd: 5 } });
 */
export function miproStepMachine(args: {
  stage: string;
  progress: OptimizationRequest["progress"];
  checkpoint?: (point: string) => Promise<void>;
  cap: BudgetCap | undefined;
}): OptimizerMachine<MiproState> {
  return optimizerMachine<MiproState>({
    ...args,
    parts: {
      checkpoint: (state) => `trial:${progressOf(state, 0, 0).trial}`,
      advance: miproStep,
      pending: (state) => state.pending,
      done: (state) => state.phase === "done",
      report: (state, done, total, money) => {
        const p = progressOf(state, done, total);
        const best = p.bestScore === null ? "—" : p.bestScore.toFixed(3);
        const jobs = total > 0 ? `, ${p.phase} jobs ${done}/${total}` : "";
        args.progress(
          p.trial,
          p.trials,
          "trials",
          `best ${best}, ${money(p.spend.costUsd)}, ${p.spend.calls} calls${jobs}`,
        );
      },
    },
  });
}
