import { addUsage, emptyUsage } from "../lm/types.ts";
import { selectionScore } from "./failure-score.ts";
import type { MiproJobResult, MiproJobSpec } from "./mipro-jobs.ts";
import type { Evaluation, ExampleResult, MiproState, Params } from "./mipro-state.ts";
import { choiceKey } from "./tpe.ts";

/**
 * A new evaluation with no results yet.
 *
 * @example
 * emptyEvaluation("t1", "minibatch", 0, 1, params, [3, 8, 11]);
 */
export function emptyEvaluation(
  id: string,
  kind: Evaluation["kind"],
  round: number,
  trial: number | null,
  params: Params,
  examples: number[],
): Evaluation {
  return {
    id,
    kind,
    round,
    trial,
    params,
    paramsKey: choiceKey(params),
    examples,
    status: "running",
    results: [],
    score: null,
    delta: null,
    scored: 0,
    errors: 0,
    failures: 0,
    calls: 0,
    usage: emptyUsage(),
    costUsd: 0,
  };
}

/**
 * Closes the round: files each result under its evaluation, then scores the evaluations. A
 * program failure (parse failure, refusal, truncation) scores `failureScore`, as DSPy's
 * `failure_score`; an infrastructure error stays in the history with `score: null`, excluded
 * and counted, never a 0. An evaluation
 * with fewer scored examples than `minScoredFraction` of its examples is `skipped`; one cut
 * short by the budget or a cancellation is `incomplete`. Observed trials get `delta`, their
 * mean paired difference to the baseline on the same examples, which is what TPE learns from.
 *
 * @example
 * observeRound(draft, specs, resultsById);
 */
export function observeRound(
  state: MiproState,
  specs: readonly MiproJobSpec[],
  results: ReadonlyMap<string, MiproJobResult>,
): void {
  const running = new Map(state.search.evaluations.filter((e) => e.status === "running").map((e) => [e.id, e]));
  for (const spec of specs) {
    if (spec.kind !== "evaluate") continue;
    const evaluation = running.get(spec.evaluation);
    const result = results.get(spec.id);
    if (evaluation && result && result.kind === "evaluate") evaluation.results.push(exampleResult(state, spec, result));
  }
  // The baseline first: trials of the same round are scored against it.
  const ordered = [...running.values()].sort((a, b) => Number(b.trial === null) - Number(a.trial === null));
  for (const evaluation of ordered) close(state, evaluation);
  const finishedTrials = ordered.filter((e) => e.kind === "minibatch").length;
  state.search.trialsSinceFullEval += finishedTrials;
}

/**
 * The baseline's full evaluation (the first full evaluation of a run).
 *
 * @example
 * baselineEvaluation(state)?.score; // the baseline's valset score
 */
export function baselineEvaluation(state: MiproState): Evaluation | undefined {
  return state.search.evaluations.find((e) => e.kind === "full" && e.trial === null);
}

function exampleResult(
  state: MiproState,
  spec: Extract<MiproJobSpec, { kind: "evaluate" }>,
  result: MiproJobResult,
): ExampleResult {
  const record = result.kind === "evaluate" ? result : undefined;
  return {
    exampleIndex: spec.exampleIndex,
    exampleId: state.valset[spec.exampleIndex]?.id ?? String(spec.exampleIndex),
    status: record?.status ?? "error",
    // A program failure scores the failure score; an infrastructure error is excluded (null), never a 0.
    score: record ? selectionScore(record, state.plan.config.failureScore) : null,
    ...(record?.errorKind !== undefined && { errorKind: record.errorKind }),
    calls: result.calls,
    usage: result.usage,
    costUsd: result.costUsd,
  };
}

/**
 * Sorts an evaluation's results by example and fills in its counts (scored, errors, failures
 * that still score, calls); returns the scored results. Trials and confirmations both close
 * their evaluations with it.
 */
export function tallyEvaluation(evaluation: Evaluation): Evaluation["results"] {
  const results = evaluation.results.sort((a, b) => a.exampleIndex - b.exampleIndex);
  const scored = results.filter((r) => r.score !== null);
  evaluation.scored = scored.length;
  evaluation.errors = results.filter((r) => r.status === "error").length;
  evaluation.failures = results.filter((r) => r.status === "error" && r.score !== null).length;
  evaluation.calls = results.reduce((sum, r) => sum + r.calls, 0);
  return scored;
}

function close(state: MiproState, evaluation: Evaluation): void {
  const scored = tallyEvaluation(evaluation);
  const { results } = evaluation;
  evaluation.usage = results.reduce((sum, r) => addUsage(sum, r.usage), emptyUsage());
  evaluation.costUsd = results.some((r) => r.costUsd === null)
    ? null
    : results.reduce((s, r) => s + (r.costUsd ?? 0), 0);
  evaluation.score = scored.length === 0 ? null : mean(scored.map((r) => r.score ?? 0));
  const needed = Math.max(1, Math.ceil(state.plan.config.minScoredFraction * evaluation.examples.length));
  if (results.length < evaluation.examples.length || results.some((r) => r.status === "not_run")) {
    evaluation.status = "incomplete";
    evaluation.note = "stopped before every example ran";
  } else if (scored.length < needed) {
    evaluation.status = "skipped";
    evaluation.note = `only ${scored.length} of ${evaluation.examples.length} examples were scored (need ${needed})`;
  } else {
    observeDelta(state, evaluation);
  }
}

function observeDelta(state: MiproState, evaluation: Evaluation): void {
  const baseline = baselineEvaluation(state);
  if (baseline === evaluation) {
    evaluation.status = "observed";
    evaluation.delta = 0;
    return;
  }
  const baselineScores = new Map(
    (baseline?.status === "observed" ? baseline.results : []).flatMap((r) =>
      r.score !== null ? [[r.exampleIndex, r.score] as const] : [],
    ),
  );
  const pairs = evaluation.results.flatMap((r) => {
    const base = baselineScores.get(r.exampleIndex);
    return r.score !== null && base !== undefined ? [r.score - base] : [];
  });
  if (pairs.length === 0) {
    evaluation.status = "skipped";
    evaluation.note = "the baseline has no score on these examples to pair with";
    return;
  }
  evaluation.status = "observed";
  evaluation.delta = mean(pairs);
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
