import type { Random } from "../util/random.ts";
import { baselineParams, paramSpace } from "./candidates.ts";
import { jobId, type MiproJobSpec } from "./mipro-jobs.ts";
import type { Evaluation, MiproState, Params } from "./mipro-state.ts";
import { emptyEvaluation, mostPromisingUntested, tpeObservations } from "./observe.ts";
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
  const search = state.search;
  const round = search.round;
  const added: Evaluation[] = [];
  const full = dueFullEvaluation(state);
  if (full)
    added.push({ ...emptyEvaluation(`full-${fullCount(state)}`, "full", round, null, full, allExamples(state)) });
  added.push(...suggestTrials(state, rng, round));
  if (added.length === 0) return [];
  search.evaluations.push(...added);
  search.round += 1;
  return added.flatMap((evaluation) =>
    evaluation.examples.map((index): MiproJobSpec => {
      const example = state.valset[index]?.id ?? String(index);
      return {
        id: jobId(state.runId, "evaluate", evaluation.id, example),
        kind: "evaluate",
        evaluation: evaluation.id,
        exampleIndex: index,
      };
    }),
  );
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
  const avoid = new Set<string>();
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
