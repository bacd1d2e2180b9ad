import { nonDominated, paretoFrontier } from "../optimize/gepa-pareto.ts";
import type { GepaState } from "../optimize/gepa-state.ts";
import type { OptimizationData, TrialData } from "./summary-types.ts";

/**
 * What the report shows of one GEPA run, in the shape of any optimization (each pool candidate
 * is a full Pareto-set evaluation; the candidates are the instructions) plus the GEPA part: the
 * frontier, every reflection's feedback → instruction, the merges and the confirmation.
 *
 * @example
 * const data = gepaOptimizationData(finalState, "exact match of `satisfied`", train.length, demosOf);
 */
export function gepaOptimizationData(
  state: GepaState,
  metric: string,
  trainSize: number,
  demos: OptimizationData["demos"],
): OptimizationData {
  const predictor = state.predictors[0] ?? "";
  const frontier = paretoFrontier(state.candidates);
  const kept = new Set(nonDominated(frontier, state.candidates));
  let best: number | null = null;
  const trials: TrialData[] = state.candidates.map((c, index) => {
    if (c.score !== null) best = best === null ? c.score : Math.max(best, c.score);
    const n = c.valScores.filter((s) => s !== null).length;
    return { index, kind: "full", n, score: c.score, instructionIndex: index, demoSetIndex: null, bestSoFar: best };
  });
  const chosen = state.candidates.findIndex((c) => c.id === state.result?.candidate);
  const scored = frontier.filter((e) => e.best !== null);
  return {
    optimizer: `GEPA (${state.plan.config.maxMetricCalls} metric calls, seed ${state.plan.config.seed})`,
    metric,
    trainSize,
    baselineScore: state.result?.baselineScore ?? null,
    bestScore: state.result?.bestScore ?? null,
    trials,
    instructions: state.candidates.map((c, index) => ({
      index,
      text: c.instructions[predictor] ?? "",
      score: c.score,
      trials: 1,
    })),
    chosen: { instructionIndex: chosen < 0 ? null : chosen, demoSetIndex: null },
    demos,
    gepa: {
      metricCalls: state.metricCalls,
      maxMetricCalls: state.plan.config.maxMetricCalls,
      paretoSize: state.valset.length,
      frontierScore: scored.length === 0 ? null : scored.reduce((s, e) => s + (e.best ?? 0), 0) / scored.length,
      candidates: state.candidates.map((c) => ({
        id: c.id,
        origin: c.origin,
        parents: c.parents,
        score: c.score,
        leads: frontier.filter((e) => e.leaders.includes(c.id)).length,
        onFrontier: kept.has(c.id),
        instruction: c.instructions[predictor] ?? "",
      })),
      reflections: state.reflections.map((r) => ({
        iteration: r.iteration,
        parent: r.parent,
        predictor: r.predictor,
        outcome: r.outcome,
        parentScore: r.parentScore,
        childScore: r.childScore,
        feedback: r.feedback.map((f) => f.feedback),
        instruction: r.instruction,
        candidate: r.candidate ?? null,
      })),
      merges: state.merges.map((m) => ({
        iteration: m.iteration,
        parents: [...m.parents],
        outcome: m.outcome,
        candidate: m.candidate ?? null,
      })),
      confirm: state.result?.confirm ?? null,
      excludedErrors: { ...state.excludedErrors },
    },
  };
}
