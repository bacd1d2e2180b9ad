import { type BudgetCap, type GepaState, gepaProgressOf, gepaStep, type OptimizationRequest } from "@judgeloop/core";
import { type OptimizerMachine, optimizerMachine } from "./optimizer-machine.ts";

/**
 * The GEPA step machine in the WorkflowDriver's terms (see `optimizerMachine`); progress is
 * metric calls n/N with the pool size, the best Pareto-set score and spend against the cap.
 *
 * @example
 * const machine = gepaStepMachine({ stage: "judge-optimize", progress, cap: { capUsd: 5 } });
 */
export function gepaStepMachine(args: {
  stage: string;
  progress: OptimizationRequest["progress"];
  checkpoint?: (point: string) => Promise<void>;
  cap: BudgetCap | undefined;
}): OptimizerMachine<GepaState> {
  return optimizerMachine<GepaState>({
    ...args,
    parts: {
      checkpoint: (state) => `iteration:${state.iterations}`,
      advance: gepaStep,
      pending: (state) => state.pending,
      done: (state) => state.phase === "done",
      report: (state, done, total, money) => {
        const p = gepaProgressOf(state, done, total);
        const best = p.bestScore === null ? "—" : p.bestScore.toFixed(3);
        const detail = `${p.candidates} candidates, best ${best}, ${money(p.spend.costUsd)}, ${p.spend.calls} calls`;
        args.progress(Math.min(p.metricCalls, p.maxMetricCalls), p.maxMetricCalls, "metric calls", detail);
      },
    },
  });
}
