import { emptyUsage } from "../lm/types.ts";
import type { Random } from "../util/random.ts";
import { baselineParams, paramSpace } from "./candidates.ts";
import { jobId, type MiproJobSpec } from "./mipro-jobs.ts";
import type { Evaluation, ExampleResult, MiproState, Params } from "./mipro-state.ts";
import { emptyEvaluation, observeRound } from "./observe.ts";
import { mostPromisingUntested, tpeObservations } from "./search-model.ts";
import { choiceKey, suggestTpe } from "./tpe.ts";

/**
 * Starts the next search round: the full evaluation that is due (the baseline first, then
 * every `fullEvalPeriod` trials and once at the end, the most promising combination not yet
 * fully evaluated) and up to `parallelTrials` TPE suggestions, all on one shared minibatch so
 * their scores are paired. Returns no jobs when the search is over.
 *
 * @example
 * const specs = startRound(draft, rng); // [] → finalize
 */
export function startRound(state: MiproState, rng: Random): MiproJobSpec[] {
  for (;;) {
    const added = addRound(state, rng);
    if (added.length === 0) return [];
    const specs = added.flatMap((evaluation) => jobsFor(state, evaluation));
    if (specs.length > 0) return specs;
    // Every example was already known for these combinations: close the round and go on.
    observeRound(state, [], new Map());
  }
}

function addRound(state: MiproState, rng: Random): Evaluation[] {
  const search = state.search;
  const round = search.round;
  const added: Evaluation[] = [];
  const full = dueFullEvaluation(state);
  if (full) added.push(emptyEvaluation(`full-${fullCount(state)}`, "full", round, null, full, allExamples(state)));
  added.push(...suggestTrials(state, rng, round));
  if (added.length === 0) return [];
  for (const evaluation of added) reuseKnownResults(state, evaluation);
  search.evaluations.push(...added);
  search.round += 1;
  return added;
}

/**
 * Copies scored results this combination already has on the same examples: the program and
 * example are the same, so the call would repeat a paid one (a cache would answer it anyway).
 * Program failures are copied too (the same prompt fails the same way); excluded infrastructure
 * errors are not, so those examples run again.
 */
function reuseKnownResults(state: MiproState, evaluation: Evaluation): void {
  const known = new Map<number, ExampleResult>();
  for (const earlier of state.search.evaluations) {
    if (earlier.paramsKey !== evaluation.paramsKey) continue;
    for (const r of earlier.results) if (r.score !== null && !known.has(r.exampleIndex)) known.set(r.exampleIndex, r);
  }
  for (const index of evaluation.examples) {
    const result = known.get(index);
    if (result) evaluation.results.push({ ...result, reused: true, calls: 0, usage: emptyUsage(), costUsd: 0 });
  }
}

function jobsFor(state: MiproState, evaluation: Evaluation): MiproJobSpec[] {
  const done = new Set(evaluation.results.map((r) => r.exampleIndex));
  return evaluation.examples
    .filter((index) => !done.has(index))
    .map((index) => {
      const example = state.valset[index]?.id ?? String(index);
      const id = jobId(state.runId, "evaluate", evaluation.id, example);
      return { id, kind: "evaluate", evaluation: evaluation.id, exampleIndex: index };
    });
}

function suggestTrials(state: MiproState, rng: Random, round: number): Evaluation[] {
  const config = state.plan.config;
  const count = Math.min(config.parallelTrials, config.numTrials - state.search.trialsStarted);
  if (count <= 0) return [];
  const examples = config.minibatch
    ? rng.sample(allExamples(state), config.minibatchSize).sort((a, b) => a - b)
    : allExamples(state);
  const space = paramSpace(state);
  const observations = tpeObservations(state);
  // Neither a combination already tried nor one already evaluated on the whole valset: every
  // result of the latter would be reused (same prompt, same examples), so such a trial would
  // take one of the run's few trial slots and learn nothing. Small runs, whose trials are full
  // evaluations, lost up to a quarter of their trials to re-drawing the baseline this way.
  const avoid = new Set<string>(
    state.search.evaluations.filter((e) => e.trial !== null || e.kind === "full").map((e) => e.paramsKey),
  );
  const trials: Evaluation[] = [];
  for (let i = 0; i < count; i++) {
    const params = suggestTpe(space, observations, rng, config.tpe, avoid);
    avoid.add(choiceKey(params));
    state.search.trialsStarted += 1;
    const number = state.search.trialsStarted;
    trials.push(
      emptyEvaluation(`t${number}`, config.minibatch ? "minibatch" : "full", round, number, params, examples),
    );
  }
  return trials;
}

/** The combination to evaluate on the whole valset now, if any. */
function dueFullEvaluation(state: MiproState): Params | undefined {
  const search = state.search;
  if (!search.evaluations.some((e) => e.kind === "full")) return baselineParams(state);
  const config = state.plan.config;
  if (!config.minibatch || search.trialsSinceFullEval === 0) return undefined;
  const searchOver = search.trialsStarted >= config.numTrials;
  if (search.trialsSinceFullEval < config.fullEvalPeriod && !searchOver) return undefined;
  search.trialsSinceFullEval = 0;
  return mostPromisingUntested(state);
}

function fullCount(state: MiproState): number {
  return state.search.evaluations.filter((e) => e.kind === "full" && e.trial === null).length;
}

function allExamples(state: MiproState): number[] {
  return state.valset.map((_, i) => i);
}
