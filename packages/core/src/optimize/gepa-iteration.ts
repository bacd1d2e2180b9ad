import { canonicalJson } from "../util/canonical-json.ts";
import type { Random } from "../util/random.ts";
import { evaluateSpec, exampleOf } from "./gepa-jobs.ts";
import { pairKey, planMerge } from "./gepa-merge.ts";
import { selectParent } from "./gepa-pareto.ts";
import { defaultFeedback } from "./gepa-reflection.ts";
import type { GepaExampleResult, GepaIteration, GepaJobSpec, GepaReflection, GepaState } from "./gepa-state.ts";
import { examplesOf, finishGepa, type GepaResults, type GepaStop, scoresOf } from "./gepa-step.ts";
import { jobId } from "./mipro-jobs.ts";

/**
 * Starts the next iteration: a merge when one is due and possible, else a reflection on a
 * parent drawn from the frontier; ends the search once the metric-call budget is spent.
 *
 * @example
 * startIteration(draft, rng); // draft.pending holds the parent's minibatch jobs
 */
export function startIteration(state: GepaState, rng: Random): void {
  state.phase = "search";
  const config = state.plan.config;
  // An iteration may cost two minibatches and a full Pareto-set evaluation: start one only if it fits.
  const worstCase = 2 * Math.min(config.reflectionMinibatchSize, state.trainset.length) + state.valset.length;
  if (state.metricCalls + worstCase > config.maxMetricCalls) {
    finishGepa(state);
    return;
  }
  const n = ++state.iterations;
  if (config.useMerge && state.mergesDue > 0 && state.merges.length < config.maxMergeInvocations) {
    const merge = planMerge(state.candidates, new Set(state.mergedPairs), rng);
    const known = new Set(state.candidates.map((c) => canonicalJson(c.instructions)));
    if (merge && known.has(canonicalJson(merge.instructions))) state.mergedPairs.push(pairKey(...merge.parents));
    else if (merge) {
      state.mergesDue--;
      state.mergedPairs.push(pairKey(...merge.parents));
      const examples = mergeSubsample(state, merge.parents, rng);
      const { instructions, ...origin } = merge;
      state.iteration = {
        n,
        stage: "merge",
        examples,
        trial: instructions,
        merge: {
          iteration: n,
          ...origin,
          subsample: examples,
          parentScores: null,
          mergedScore: null,
          outcome: "rejected",
        },
      };
      state.pending = examples.map((i) => evaluateSpec(state, "trial", "val", i));
      return;
    }
  }
  const parent = selectParent(state.candidates, config.candidateSelection, rng);
  const turn = state.nextPredictor[parent] ?? 0;
  state.nextPredictor[parent] = turn + 1;
  const predictor = state.predictors[turn % state.predictors.length] ?? (state.predictors[0] as string);
  state.iteration = { n, stage: "parent", parent, predictor, examples: nextMinibatch(state, rng) };
  state.pending = state.iteration.examples.map((i) => evaluateSpec(state, parent, "train", i, true));
}

/**
 * Moves the iteration in flight one stage on with the results of its jobs.
 *
 * @example
 * advanceIteration(draft, specs, results, rng, undefined);
 */
export function advanceIteration(
  state: GepaState,
  specs: readonly GepaJobSpec[],
  results: GepaResults,
  rng: Random,
  stop: GepaStop | undefined,
): void {
  const iteration = state.iteration;
  if (!iteration) {
    startIteration(state, rng);
    return;
  }
  const ordered = specs.map((s) => results.get(s.id));
  const next = stageHandlers[iteration.stage](state, iteration, ordered, stop);
  if (stop) finishGepa(state, stop);
  else if (next === "next") startIteration(state, rng);
}

type Handler = (
  state: GepaState,
  iteration: GepaIteration,
  results: ReturnType<GepaResults["get"]>[],
  stop: GepaStop | undefined,
) => "next" | "wait";

const stageHandlers: Record<GepaIteration["stage"], Handler> = {
  parent: afterParent,
  reflect: afterReflect,
  child: afterChild,
  "child-full": (state, iteration, results, stop) => addCandidate(state, iteration, results, stop, "reflection"),
  merge: afterMergeSubsample,
  "merge-full": (state, iteration, results, stop) => addCandidate(state, iteration, results, stop, "merge"),
};

function afterParent(state: GepaState, it: GepaIteration, results: ReturnType<GepaResults["get"]>[], stop?: GepaStop) {
  const examples = examplesOf(state, results);
  it.parentResults = examples;
  it.outputs = results.map((r) => (r?.kind === "evaluate" ? (r.outputs ?? null) : null));
  const feedback = examples.map((e, i) => {
    const result = results[i];
    const data = exampleOf(state, "train", it.examples[i] ?? 0);
    const given = result?.kind === "evaluate" ? result.feedback : undefined;
    const errorKind = e.status === "error" ? e.errorKind : undefined;
    return {
      exampleId: data.id,
      score: e.score,
      feedback: given ?? defaultFeedback(data, it.outputs?.[i] ?? null, e.score, errorKind),
    };
  });
  const reflection: GepaReflection = {
    iteration: it.n,
    parent: it.parent ?? "c0",
    predictor: it.predictor ?? "",
    examples: feedback.map((f) => f.exampleId),
    feedback,
    instruction: null,
    parentScore: sum(examples.map((e) => e.score)),
    childScore: null,
    outcome: "stopped",
  };
  it.reflection = reflection;
  const scored = examples.filter((e) => e.score !== null);
  if (stop) return end(state, reflection, "stopped");
  if (scored.length === 0) return end(state, reflection, "no_scores");
  if (state.plan.config.skipPerfectScore && scored.every((e) => (e.score ?? 0) >= state.plan.config.perfectScore)) {
    return end(state, reflection, "perfect");
  }
  it.stage = "reflect";
  state.pending = [
    {
      id: jobId(state.runId, "reflect", `${it.n}`, reflection.predictor),
      kind: "reflect",
      predictor: reflection.predictor,
      iteration: it.n,
    },
  ];
  return "wait";
}

function afterReflect(state: GepaState, it: GepaIteration, results: ReturnType<GepaResults["get"]>[], stop?: GepaStop) {
  const reflection = it.reflection as GepaReflection;
  const result = results[0];
  const text = result?.kind === "reflect" && result.status === "ok" ? (result.text ?? "").trim() : "";
  if (stop) return end(state, reflection, "stopped");
  if (text === "") return end(state, reflection, "failed");
  reflection.instruction = text;
  const parent = state.candidates.find((c) => c.id === reflection.parent);
  const trial = { ...(parent?.instructions ?? {}), [reflection.predictor]: text };
  const key = canonicalJson(trial);
  if (state.candidates.some((c) => canonicalJson(c.instructions) === key)) return end(state, reflection, "duplicate");
  it.trial = trial;
  it.stage = "child";
  state.pending = it.examples.map((i) => evaluateSpec(state, "trial", "train", i));
  return "wait";
}

function afterChild(state: GepaState, it: GepaIteration, results: ReturnType<GepaResults["get"]>[], stop?: GepaStop) {
  const reflection = it.reflection as GepaReflection;
  const child = examplesOf(state, results);
  const [parentSum, childSum] = pairedSums(it.parentResults ?? [], child);
  reflection.parentScore = parentSum;
  reflection.childScore = childSum;
  if (stop) return end(state, reflection, "stopped");
  // GEPA's acceptance test: strictly better than the parent on the same minibatch.
  if (childSum === null || parentSum === null || childSum <= parentSum) return end(state, reflection, "rejected");
  it.stage = "child-full";
  state.pending = state.valset.map((_, i) => evaluateSpec(state, "trial", "val", i));
  return "wait";
}

function afterMergeSubsample(
  state: GepaState,
  it: GepaIteration,
  results: ReturnType<GepaResults["get"]>[],
  stop?: GepaStop,
) {
  const merge = it.merge as NonNullable<GepaIteration["merge"]>;
  const merged = examplesOf(state, results);
  const parentResults = merge.parents.map((id) => {
    const c = state.candidates.find((x) => x.id === id);
    return it.examples.map((i, k) => ({ exampleIndex: k, status: "scored" as const, score: c?.valScores[i] ?? null }));
  });
  const [aSum, mSumA] = pairedSums(parentResults[0] ?? [], merged);
  const [bSum, mSumB] = pairedSums(parentResults[1] ?? [], merged);
  merge.parentScores = aSum === null || bSum === null ? null : [aSum, bSum];
  merge.mergedScore = mSumA ?? mSumB;
  const passes = aSum !== null && bSum !== null && mSumA !== null && mSumB !== null && mSumA >= aSum && mSumB >= bSum;
  if (stop || !passes) {
    merge.outcome = stop ? "stopped" : "rejected";
    state.merges.push(merge);
    state.iteration = null;
    return "next";
  }
  it.stage = "merge-full";
  state.pending = state.valset.map((_, i) => evaluateSpec(state, "trial", "val", i));
  return "wait";
}

function addCandidate(
  state: GepaState,
  it: GepaIteration,
  results: ReturnType<GepaResults["get"]>[],
  stop: GepaStop | undefined,
  origin: "reflection" | "merge",
): "next" {
  const complete = results.every((r) => r !== undefined && r.status !== "not_run");
  const id = `c${state.candidates.length}`;
  if (complete && it.trial) {
    const parents = origin === "merge" ? [...(it.merge?.parents ?? [])] : [it.parent ?? "c0"];
    state.candidates.push({
      id,
      instructions: it.trial,
      origin,
      parents,
      ...scoresOf(state, results),
      foundAtCalls: state.metricCalls,
    });
    // The child continues its parent's round robin: the next reflection improves another predictor.
    state.nextPredictor[id] = Math.max(...parents.map((p) => state.nextPredictor[p] ?? 0));
    if (origin === "reflection" && state.plan.config.useMerge) state.mergesDue++;
  }
  const accepted = complete && !stop;
  if (origin === "merge" && it.merge) {
    it.merge.outcome = accepted ? "accepted" : "stopped";
    if (accepted) it.merge.candidate = id;
    state.merges.push(it.merge);
    state.iteration = null;
    return "next";
  }
  const reflection = it.reflection as GepaReflection;
  if (accepted) reflection.candidate = id;
  return end(state, reflection, accepted ? "accepted" : "stopped");
}

function end(state: GepaState, reflection: GepaReflection, outcome: GepaReflection["outcome"]): "next" {
  reflection.outcome = outcome;
  state.reflections.push(reflection);
  state.iteration = null;
  return "next";
}

/** Sums of two evaluations over the examples both have a selection score for (candidates compared on the same examples). */
function pairedSums(a: readonly GepaExampleResult[], b: readonly GepaExampleResult[]): [number | null, number | null] {
  const both = a.map((x, i) => [x.score, b[i]?.score ?? null] as const).filter(([x, y]) => x !== null && y !== null);
  if (both.length === 0) return [null, null];
  return [both.reduce((s, [x]) => s + (x ?? 0), 0), both.reduce((s, [, y]) => s + (y ?? 0), 0)];
}

function sum(values: readonly (number | null)[]): number | null {
  const kept = values.filter((v): v is number => v !== null);
  return kept.length === 0 ? null : kept.reduce((a, b) => a + b, 0);
}

/** The next `reflectionMinibatchSize` train indices, reshuffling at the end of each epoch. */
function nextMinibatch(state: GepaState, rng: Random): number[] {
  const size = Math.min(state.plan.config.reflectionMinibatchSize, state.trainset.length);
  if (state.trainCursor + size > state.trainOrder.length) {
    state.trainOrder = rng.shuffle(state.trainset.map((_, i) => i));
    state.trainCursor = 0;
  }
  const batch = state.trainOrder.slice(state.trainCursor, state.trainCursor + size);
  state.trainCursor += size;
  return batch;
}

/** Pareto-set examples for a merge: first where the parents' scores differ, then the rest. */
function mergeSubsample(state: GepaState, parents: [string, string], rng: Random): number[] {
  const [a, b] = parents.map((id) => state.candidates.find((c) => c.id === id));
  const indices = state.valset.map((_, i) => i);
  const differ = rng.shuffle(indices.filter((i) => a?.valScores[i] !== b?.valScores[i]));
  const same = rng.shuffle(indices.filter((i) => a?.valScores[i] === b?.valScores[i]));
  return [...differ, ...same].slice(0, state.plan.config.mergeSubsampleSize).sort((x, y) => x - y);
}
