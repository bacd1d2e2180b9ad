import type { Demo } from "../module/state.ts";
import { type GepaState, gepaStateFormat } from "../optimize/gepa-state.ts";
import type { Evaluation, MiproState } from "../optimize/mipro-state.ts";
import { gepaOptimizationData } from "./gepa-optimization-summary.ts";
import type { DemoValue, OptimizationData, TrialData } from "./summary-types.ts";

/**
 * What the report shows of one MIPRO run: every evaluation in order with the best full score
 * so far, each instruction candidate with the mean score of the trials that used it, and the
 * chosen candidates and demos. Indices are those of the first predictor (pipeline programs have one).
 * `trainSize` is the split handed to the optimizer (it carves its own valset out of it).
 *
 * @example
 * const data = optimizationData(finalState, "exact match of `satisfied` with the gold label", train.length);
 */
export function optimizationData(state: MiproState | GepaState, metric: string, trainSize: number): OptimizationData {
  if (state.format === gepaStateFormat) {
    const demos = state.predictors.flatMap((name) =>
      (state.result?.program.predictors[name]?.demos ?? []).map((demo) => ({
        predictor: name,
        fields: demoFields(demo),
      })),
    );
    return gepaOptimizationData(state, metric, trainSize, demos);
  }
  const predictor = state.predictors[0] ?? "";
  const choice = (params: Record<string, number>, part: "instruction" | "demos") =>
    params[`${predictor}.${part}`] ?? null;
  const evaluations = state.search.evaluations.filter((e) => e.status !== "running");
  let best: number | null = null;
  const trials: TrialData[] = evaluations.map((evaluation, index) => {
    if (evaluation.kind === "full" && evaluation.status === "observed" && evaluation.score !== null) {
      best = best === null ? evaluation.score : Math.max(best, evaluation.score);
    }
    return {
      index,
      kind: evaluation.kind,
      n: evaluation.scored,
      score: evaluation.score,
      instructionIndex: choice(evaluation.params, "instruction"),
      demoSetIndex: choice(evaluation.params, "demos"),
      bestSoFar: best,
    };
  });
  const result = state.result;
  return {
    optimizer: `MIPROv2-style (${state.plan.config.auto ?? "custom"}, seed ${state.plan.config.seed})`,
    metric,
    trainSize,
    baselineScore: result?.baselineScore ?? null,
    bestScore: result?.bestScore ?? null,
    trials,
    instructions: instructionScores(state, predictor, evaluations),
    chosen: {
      instructionIndex: result ? choice(result.params, "instruction") : null,
      demoSetIndex: result ? choice(result.params, "demos") : null,
    },
    demos: state.predictors.flatMap((name) =>
      (result?.program.predictors[name]?.demos ?? []).map((demo) => ({ predictor: name, fields: demoFields(demo) })),
    ),
  };
}

function instructionScores(state: MiproState, predictor: string, evaluations: readonly Evaluation[]) {
  return (state.instructions[predictor] ?? []).map((candidate, index) => {
    const scores = evaluations
      .filter((e) => e.status === "observed" && e.score !== null && e.params[`${predictor}.instruction`] === index)
      .map((e) => e.score ?? 0);
    const score = scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
    return { index, text: candidate.text.trim() === "" ? "(empty)" : candidate.text, score, trials: scores.length };
  });
}

/** A demo's fields as the report shows them: scalars and string lists as they are, anything else as JSON. */
function demoFields(demo: Demo): Record<string, DemoValue> {
  const fields: Record<string, DemoValue> = {};
  for (const [key, value] of Object.entries(demo)) {
    if (value === undefined) continue;
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      fields[key] = value;
    } else if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
      fields[key] = value as string[];
    } else {
      fields[key] = JSON.stringify(value);
    }
  }
  return fields;
}
