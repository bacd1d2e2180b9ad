import { JudgeloopError } from "../errors.ts";
import { emptyUsage } from "../lm/types.ts";
import type { ProgramState } from "../module/state.ts";
import { contentHash } from "../util/canonical-json.ts";
import { Random } from "../util/random.ts";
import { estimateMipro } from "./estimate-run.ts";
import type { ExampleData } from "./example-data.ts";
import { type MiproState, miproStateFormat } from "./mipro-state.ts";
import type { BudgetCap, MiproConfig, MiproEstimate, MiproOptions, MiproPlan } from "./plan-types.ts";
import { carvedValsetSize, confirmFractionOf, minConfirmExamples, resolveConfig, valsetCap } from "./presets.ts";

export interface MiproPlanInput {
  /** The baseline program: candidate 0 of every choice. */
  program: ProgramState;
  trainset: readonly ExampleData[];
  /** Carved from the (shuffled) trainset when absent, as DSPy does. */
  valset?: readonly ExampleData[];
  options?: MiproOptions;
}

/** A minibatch is never shrunk below this to fit a budget. */
const smallestMinibatch = 5;

/**
 * Plans a MIPRO run without calling anything: resolves the sizes (preset, explicit options),
 * carves and caps the valset (seeded), keeps a confirmation split of it apart (re-measures the
 * pick at the end; never used for selection), estimates calls, tokens and dollars, and shrinks the plan
 * (fewer trials, then smaller minibatches) until it fits the budget. The result is the run's
 * initial state; `miproStep(state, [])` starts it.
 *
 * @example
 * const state = planMipro({ program: judge.toState(), trainset, options: { auto: "light", budget: { capUsd: 0.5 } } });
 * state.plan.estimate.costUsd; // shown before any call
 */
export function planMipro(input: MiproPlanInput): MiproState {
  const options = input.options ?? {};
  const predictors = Object.keys(input.program.predictors ?? {});
  if (predictors.length === 0) throw new JudgeloopError("bad_program", "MIPRO needs a program with a predictor");
  const seed = options.seed ?? 9;
  const rng = new Random(`${seed}/mipro`);
  const sets = splitSets(input, rng, valsetCap(options));
  const { trainset, valset, confirmset } = carveConfirmset(sets.valset, sets.trainset, options, rng);
  const config = resolveConfig(options, predictors.length, valset.length);
  const estimate = (c: MiproConfig) =>
    estimateMipro(c, {
      baseline: input.program,
      trainset,
      valset,
      confirmSize: confirmset.length,
      options: options.estimate ?? {},
    });
  const plan = fitToBudget(config, estimate, options.budget ?? null);
  const runId = options.runId ?? defaultRunId(input.program, trainset, valset, plan.config);
  return {
    format: miproStateFormat,
    runId,
    phase: "plan",
    rng: rng.state(),
    plan,
    baseline: structuredClone(input.program),
    predictors,
    trainset,
    valset,
    confirmset,
    confirmations: [],
    bootstrap: { sets: [], traces: {} },
    summary: null,
    demoSets: {},
    instructions: {},
    search: { round: 0, evaluations: [], trialsStarted: 0, trialsSinceFullEval: 0 },
    pending: [],
    inbox: {},
    spend: { calls: 0, usage: emptyUsage(), costUsd: 0 },
  };
}

/**
 * Shrinks `config` until its estimate fits `budget`: trials first (down to 1), then the
 * minibatch size. Says what changed; `fitsBudget` is null when the plan cannot be priced.
 *
 * @example
 * fitToBudget(config, (c) => estimateMipro(c, input), { maxCalls: 300 }).config.numTrials;
 */
export function fitToBudget(
  config: MiproConfig,
  estimateOf: (config: MiproConfig) => MiproEstimate,
  budget: BudgetCap | null,
): MiproPlan {
  let current = { ...config };
  let estimate = estimateOf(current);
  if (!budget || (budget.capUsd === undefined && budget.maxCalls === undefined)) {
    return { config: current, estimate, budget, fitsBudget: null, adjustments: [] };
  }
  const adjustments: string[] = [];
  const over = (e: MiproEstimate) =>
    (budget.maxCalls !== undefined && e.calls > budget.maxCalls) ||
    (budget.capUsd !== undefined && e.costUsd !== undefined && e.costUsd > budget.capUsd);
  while (over(estimate) && current.numTrials > 1) {
    current = { ...current, numTrials: current.numTrials - 1 };
    estimate = estimateOf(current);
  }
  if (current.numTrials !== config.numTrials) adjustments.push(`trials ${config.numTrials} → ${current.numTrials}`);
  while (over(estimate) && current.minibatch && current.minibatchSize > smallestMinibatch) {
    current = { ...current, minibatchSize: Math.max(smallestMinibatch, Math.floor(current.minibatchSize * 0.8)) };
    estimate = estimateOf(current);
  }
  if (current.minibatchSize !== config.minibatchSize) {
    adjustments.push(`minibatch size ${config.minibatchSize} → ${current.minibatchSize}`);
  }
  const unpriced = budget.capUsd !== undefined && estimate.costUsd === undefined;
  if (unpriced) adjustments.push(`no price for ${estimate.unpricedModels.join(", ")}: the cap is enforced per call`);
  return { config: current, estimate, budget, fitsBudget: unpriced ? null : !over(estimate), adjustments };
}

function splitSets(input: MiproPlanInput, rng: Random, cap: number) {
  if (input.trainset.length === 0) throw new JudgeloopError("bad_dataset", "MIPRO needs a non-empty trainset");
  let trainset = [...input.trainset];
  let valset = input.valset ? [...input.valset] : undefined;
  if (!valset) {
    if (trainset.length < 2) throw new JudgeloopError("bad_dataset", "MIPRO needs 2+ train examples to carve a valset");
    const shuffled = rng.shuffle(trainset);
    const size = carvedValsetSize(trainset.length);
    valset = shuffled.slice(shuffled.length - size);
    trainset = shuffled.slice(0, shuffled.length - size);
  }
  if (valset.length === 0) throw new JudgeloopError("bad_dataset", "MIPRO needs a non-empty valset");
  if (valset.length > cap) {
    const order = new Map(valset.map((e, i) => [e.id, i]));
    valset = rng.sample(valset, cap).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }
  return { trainset: structuredClone(trainset), valset: structuredClone(valset) };
}

/**
 * The confirmation split: `confirmFraction` of the valset (seeded), none when that is fewer than
 * `minConfirmExamples` (too few to confirm anything). The rest stays the selection valset, in
 * its order.
 */
function carveConfirmset(valset: ExampleData[], trainset: ExampleData[], options: MiproOptions, rng: Random) {
  const fraction = confirmFractionOf(options);
  const size = Math.round(valset.length * fraction);
  if (size < minConfirmExamples) return { trainset, valset, confirmset: [] as ExampleData[] };
  const confirmIds = new Set(rng.sample(valset, size).map((e) => e.id));
  return {
    trainset,
    valset: valset.filter((e) => !confirmIds.has(e.id)),
    confirmset: valset.filter((e) => confirmIds.has(e.id)),
  };
}

function defaultRunId(program: ProgramState, trainset: ExampleData[], valset: ExampleData[], config: MiproConfig) {
  const ids = { train: trainset.map((e) => e.id), val: valset.map((e) => e.id) };
  return `mipro-${contentHash({ program, ids, config }).slice(0, 16)}`;
}
