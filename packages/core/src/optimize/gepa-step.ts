import { JudgeloopError } from "../errors.ts";
import { addUsage } from "../lm/types.ts";
import { Random } from "../util/random.ts";
import { selectionScore } from "./failure-score.ts";
import { advanceIteration, startIteration } from "./gepa-iteration.ts";
import { evaluateSpec, expandGepaJobs, programState } from "./gepa-jobs.ts";
import { bestCandidate } from "./gepa-pareto.ts";
import { baselineInstructions } from "./gepa-plan.ts";
import { type GepaExampleResult, type GepaState, gepaStateFormat } from "./gepa-state.ts";
import type { MiproJob, MiproJobResult } from "./mipro-jobs.ts";
import type { MiproStoppedReason } from "./mipro-state.ts";

export interface GepaStepResult {
  state: GepaState;
  /** Jobs to run before the next step; none once `state.phase` is "done". */
  jobs: MiproJob[];
}

export type GepaResults = ReadonlyMap<string, MiproJobResult>;
export type GepaStop = { reason: MiproStoppedReason; message: string };

/**
 * One step of the GEPA step machine: `plan → seed (baseline on the Pareto set) → (select parent
 * → minibatch with feedback → reflect → minibatch of the child → Pareto set | merge)* → confirm
 * → done`. Pure like `miproStep`: no LM call, no I/O, randomness only from the state's
 * generator, the input never modified; results for jobs it does not wait for (or already has)
 * are ignored; until every pending job has a result it returns the missing ones.
 *
 * @example
 * let { state, jobs } = gepaStep(planGepa({ program, trainset }), []);
 * while (state.phase !== "done") ({ state, jobs } = gepaStep(state, await runAll(jobs)));
 */
export function gepaStep(state: GepaState, results: readonly MiproJobResult[] = []): GepaStepResult {
  if (state?.format !== gepaStateFormat) {
    throw new JudgeloopError("bad_optimizer_state", `optimizer state format must be "${gepaStateFormat}"`);
  }
  const draft = structuredClone(state);
  if (draft.phase === "done") return { state: draft, jobs: [] };
  absorb(draft, results);
  const missing = draft.pending.filter((spec) => !(spec.id in draft.inbox));
  if (missing.length > 0) return { state: draft, jobs: expandGepaJobs(draft, missing) };
  const received: GepaResults = new Map(Object.entries(draft.inbox));
  const specs = draft.pending;
  draft.pending = [];
  draft.inbox = {};
  const rng = Random.fromState(draft.rng);
  const stop = stopOf(specs.map((s) => received.get(s.id)));
  if (draft.phase === "plan") startSeed(draft);
  else if (draft.phase === "seed") {
    const c0 = draft.candidates[0];
    if (c0)
      Object.assign(
        c0,
        scoresOf(
          draft,
          specs.map((s) => received.get(s.id)),
        ),
      );
    if (stop) finishGepa(draft, stop);
    else startIteration(draft, rng);
  } else if (draft.phase === "search") advanceIteration(draft, specs, received, rng, stop);
  else if (draft.phase === "confirm") finishConfirm(draft, specs, received, stop);
  draft.rng = rng.state();
  return { state: draft, jobs: expandGepaJobs(draft, draft.pending) };
}

/**
 * Selection scores of an evaluation's results (program failures score `failureScore`; excluded
 * infrastructure errors stay null and are tallied in `state.excludedErrors`).
 *
 * @example
 * scoresOf(state, results).score;
 */
export function scoresOf(
  state: GepaState,
  results: readonly (MiproJobResult | undefined)[],
): { valScores: (number | null)[]; score: number | null; failures: number; excluded: number } {
  const examples = examplesOf(state, results);
  const valScores = examples.map((r) => r.score);
  const kept = valScores.filter((s): s is number => s !== null);
  return {
    valScores,
    score: kept.length === 0 ? null : kept.reduce((a, b) => a + b, 0) / kept.length,
    failures: examples.filter((r) => r.status === "error" && r.score !== null).length,
    excluded: examples.filter((r) => r.score === null).length,
  };
}

/**
 * Results as example outcomes with their selection scores, tallying excluded errors.
 *
 * @example
 * examplesOf(state, [result])[0]?.score;
 */
export function examplesOf(state: GepaState, results: readonly (MiproJobResult | undefined)[]): GepaExampleResult[] {
  return results.map((result, exampleIndex) => {
    if (result?.kind !== "evaluate") return { exampleIndex, status: "not_run", score: null };
    const score = selectionScore(result, state.plan.config.failureScore);
    if (score === null && result.status === "error") {
      const kind = result.errorKind ?? "exception";
      state.excludedErrors[kind] = (state.excludedErrors[kind] ?? 0) + 1;
    }
    return {
      exampleIndex,
      status: result.status,
      score,
      ...(result.errorKind !== undefined && { errorKind: result.errorKind }),
    };
  });
}

/**
 * Ends the search: re-measures the pick (and the baseline) on the confirmation split, unless the
 * run was stopped or there is no such split.
 *
 * @example
 * finishGepa(draft); // phase "confirm" or "done"
 */
export function finishGepa(state: GepaState, stop?: GepaStop): void {
  state.iteration = null;
  if (stop) {
    state.stoppedReason = stop.reason;
    state.stoppedMessage = stop.message;
  }
  const best = bestCandidate(state.candidates);
  if (stop || !best || state.confirmset.length === 0) {
    finalize(state, null);
    return;
  }
  state.phase = "confirm";
  const targets = best.id === "c0" ? ["c0"] : ["c0", best.id];
  state.pending = targets.flatMap((t) => state.confirmset.map((_, i) => evaluateSpec(state, t, "confirm", i)));
}

function startSeed(state: GepaState): void {
  state.phase = "seed";
  state.candidates.push({
    id: "c0",
    instructions: baselineInstructions(state.baseline),
    origin: "baseline",
    parents: [],
    valScores: [],
    score: null,
    failures: 0,
    excluded: 0,
    foundAtCalls: 0,
  });
  state.pending = state.valset.map((_, i) => evaluateSpec(state, "c0", "val", i));
}

function finishConfirm(
  state: GepaState,
  specs: GepaState["pending"],
  results: GepaResults,
  stop: GepaStop | undefined,
): void {
  const best = bestCandidate(state.candidates);
  const scoreOf = (target: string) =>
    scoresOf(
      state,
      specs.filter((s) => s.kind === "evaluate" && s.target === target).map((s) => results.get(s.id)),
    ).score;
  const baselineScore = scoreOf("c0");
  const bestScore = best && best.id !== "c0" ? scoreOf(best.id) : baselineScore;
  if (stop) {
    state.stoppedReason = stop.reason;
    state.stoppedMessage = stop.message;
  }
  finalize(state, { n: state.confirmset.length, baselineScore, bestScore });
}

function finalize(state: GepaState, confirm: NonNullable<GepaState["result"]>["confirm"]): void {
  const best = bestCandidate(state.candidates);
  const baseline = state.candidates[0];
  state.phase = "done";
  state.pending = [];
  state.result = {
    program: best ? programState(state, best.instructions) : structuredClone(state.baseline),
    candidate: best?.id ?? "c0",
    baselineScore: baseline?.score ?? null,
    bestScore: best?.score ?? null,
    confirm,
  };
}

function absorb(state: GepaState, results: readonly MiproJobResult[]): void {
  const pending = new Set(state.pending.map((spec) => spec.id));
  for (const result of results) {
    if (!pending.has(result.jobId) || result.jobId in state.inbox) continue;
    state.inbox[result.jobId] = structuredClone(result);
    if (result.kind === "evaluate" && state.phase !== "confirm") state.metricCalls += 1;
    state.spend.calls += result.calls;
    state.spend.usage = addUsage(state.spend.usage, result.usage);
    state.spend.costUsd =
      state.spend.costUsd === null || result.costUsd === null ? null : state.spend.costUsd + result.costUsd;
  }
}

function stopOf(results: readonly (MiproJobResult | undefined)[]): GepaStop | undefined {
  for (const result of results) {
    if (result?.status !== "not_run") continue;
    if (result.errorKind === "budget_exceeded") {
      return { reason: "budget_exceeded", message: result.errorMessage ?? "the run's budget is spent" };
    }
    if (result.errorKind === "cancelled") return { reason: "cancelled", message: "the run was cancelled" };
  }
  return undefined;
}
