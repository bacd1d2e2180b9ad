import { JudgeloopError } from "../errors.ts";
import { emptyUsage } from "../lm/types.ts";
import type { ProgramState } from "../module/state.ts";
import { contentHash } from "../util/canonical-json.ts";
import { Random } from "../util/random.ts";
import type { ExampleData } from "./example-data.ts";
import { defaultFailureScore } from "./failure-score.ts";
import { type GepaConfig, type GepaPlan, type GepaState, gepaStateFormat } from "./gepa-state.ts";
import type { AutoPreset, BudgetCap } from "./plan-types.ts";
import { defaultConfirmFraction, minConfirmExamples } from "./presets.ts";

/** Metric-call budgets of the `auto` presets (the issue's ~400 and ~800 LM-request levels). */
export const gepaPresets: Readonly<Record<AutoPreset, number>> = { light: 400, medium: 800, heavy: 1600 };

export interface GepaOptions extends Partial<Omit<GepaConfig, "seed">> {
  /** Sets `maxMetricCalls` when it is not given; default light. */
  auto?: AutoPreset | null;
  seed?: string | number;
  /** LM calls (`maxCalls`) shrink `maxMetricCalls`; dollars (`capUsd`) are enforced per call by the caller's LMs. */
  budget?: BudgetCap;
  /**
   * Share of the examples kept apart to re-measure the pick (never used for selection); default 0
   * (none, as DSPy's GEPA). A split under `minConfirmExamples` (20) is not carved.
   */
  confirmFraction?: number;
  /** Share of the remaining trainset (no valset given) used as the Pareto set; default 0.5. */
  valsetFraction?: number;
  /** LM calls per example besides the program's own (1 for a judge metric), for the call estimate. */
  metricCallsPerExample?: number;
  runId?: string;
}

export interface GepaPlanInput {
  /** The baseline program: the seed candidate. */
  program: ProgramState;
  /** Reflection minibatches come from here (and the Pareto set too, when no valset is given). */
  trainset: readonly ExampleData[];
  /** The Pareto (selection) set. */
  valset?: readonly ExampleData[];
  options?: GepaOptions;
}

/**
 * Plans a GEPA run without calling anything: resolves the budget and sizes, carves the
 * confirmation split (and the Pareto set when no valset is given) with a seeded shuffle. The
 * result is the run's initial state; `gepaStep(state, [])` starts it.
 *
 * @example
 * const state = planGepa({ program: judge.toState(), trainset, options: { auto: "light", seed: 3 } });
 */
export function planGepa(input: GepaPlanInput): GepaState {
  const options = input.options ?? {};
  const predictors = Object.keys(input.program.predictors ?? {});
  if (predictors.length === 0) throw new JudgeloopError("bad_program", "GEPA needs a program with a predictor");
  const seed = options.seed ?? 9;
  const rng = new Random(`${seed}/gepa`);
  const { trainset, valset, confirmset } = splitSets(input, options, rng);
  const plan = planOf(options, seed, predictors.length, confirmset.length);
  return {
    format: gepaStateFormat,
    runId:
      options.runId ??
      `gepa-${contentHash({ program: input.program, ids: trainset.map((e) => e.id), config: plan.config }).slice(0, 16)}`,
    phase: "plan",
    rng: rng.state(),
    plan,
    baseline: structuredClone(input.program),
    predictors,
    trainset,
    valset,
    confirmset,
    candidates: [],
    reflections: [],
    merges: [],
    iteration: null,
    iterations: 0,
    trainOrder: rng.shuffle(trainset.map((_, i) => i)),
    trainCursor: 0,
    nextPredictor: {},
    mergesDue: 0,
    mergedPairs: [],
    metricCalls: 0,
    excludedErrors: {},
    pending: [],
    inbox: {},
    spend: { calls: 0, usage: emptyUsage(), costUsd: 0 },
  };
}

function planOf(options: GepaOptions, seed: string | number, predictors: number, confirmSize: number): GepaPlan {
  const preset = options.auto === null ? undefined : (options.auto ?? "light");
  const given = options.maxMetricCalls ?? (preset ? gepaPresets[preset] : undefined);
  if (given === undefined) throw new JudgeloopError("bad_options", "GEPA needs `maxMetricCalls` when `auto` is null");
  check("maxMetricCalls", given, 1);
  const config: GepaConfig = {
    maxMetricCalls: given,
    reflectionMinibatchSize: options.reflectionMinibatchSize ?? 3,
    candidateSelection: options.candidateSelection ?? "pareto",
    useMerge: options.useMerge ?? predictors > 1,
    maxMergeInvocations: options.maxMergeInvocations ?? 5,
    mergeSubsampleSize: options.mergeSubsampleSize ?? 5,
    skipPerfectScore: options.skipPerfectScore ?? true,
    perfectScore: options.perfectScore ?? 1,
    failureScore: options.failureScore ?? defaultFailureScore,
    reflectionTemperature: options.reflectionTemperature ?? 1,
    seed,
  };
  check("reflectionMinibatchSize", config.reflectionMinibatchSize, 1);
  const perCall = 1 + (options.metricCallsPerExample ?? 0);
  // Reflections (at most one per two minibatches) and the confirmation of the pick and the
  // baseline come on top of the metric calls, which the search never passes.
  const callsOf = (metricCalls: number) =>
    (metricCalls + 2 * confirmSize) * perCall + Math.ceil(metricCalls / (2 * config.reflectionMinibatchSize));
  const adjustments: string[] = [];
  const maxCalls = options.budget?.maxCalls;
  if (maxCalls !== undefined && callsOf(config.maxMetricCalls) > maxCalls) {
    let fitted = config.maxMetricCalls;
    while (fitted > 1 && callsOf(fitted) > maxCalls) fitted--;
    adjustments.push(`metric calls ${config.maxMetricCalls} → ${fitted}`);
    config.maxMetricCalls = fitted;
  }
  return {
    config,
    budget: options.budget ?? null,
    adjustments,
    estimatedCalls: callsOf(config.maxMetricCalls),
  };
}

function splitSets(input: GepaPlanInput, options: GepaOptions, rng: Random) {
  if (input.trainset.length === 0) throw new JudgeloopError("bad_dataset", "GEPA needs a non-empty trainset");
  const confirmFraction = options.confirmFraction ?? defaultConfirmFraction;
  const valsetFraction = options.valsetFraction ?? 0.5;
  check("confirmFraction", confirmFraction, 0, 0.5);
  check("valsetFraction", valsetFraction, 0.1, 0.9);
  let trainset = rng.shuffle(input.trainset);
  let valset = input.valset ? rng.shuffle(input.valset) : undefined;
  const from = valset ?? trainset;
  const carved = Math.round(from.length * confirmFraction);
  const confirmSize = carved >= minConfirmExamples ? carved : 0;
  const confirmset = from.slice(from.length - confirmSize);
  if (valset) valset = valset.slice(0, valset.length - confirmSize);
  else trainset = trainset.slice(0, trainset.length - confirmSize);
  if (!valset) {
    if (trainset.length < 2) throw new JudgeloopError("bad_dataset", "GEPA needs 2+ train examples to carve a valset");
    const size = Math.max(1, Math.round(trainset.length * valsetFraction));
    valset = trainset.slice(trainset.length - size);
    trainset = trainset.slice(0, trainset.length - size);
  }
  if (valset.length === 0) throw new JudgeloopError("bad_dataset", "GEPA needs a non-empty valset");
  return {
    trainset: structuredClone(trainset),
    valset: structuredClone(valset),
    confirmset: structuredClone(confirmset),
  };
}

function check(field: string, value: number, min: number, max = Number.POSITIVE_INFINITY): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `at least ${min}` : `between ${min} and ${max}`;
    throw new JudgeloopError("bad_options", `GEPA option \`${field}\` must be ${range} (got ${value})`);
  }
}

/** The baseline's instructions, per predictor. */
export function baselineInstructions(program: ProgramState): Record<string, string> {
  return Object.fromEntries(Object.entries(program.predictors).map(([name, p]) => [name, p.signature.instructions]));
}
