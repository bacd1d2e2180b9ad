import type { PreparedDatasets } from "../data/prepare.ts";
import { JudgeloopError } from "../errors.ts";
import { modelSettingsFor, standardOutputAllowance } from "../lm/model-settings.ts";
import { defaultPrices, type PriceTable, priceOf } from "../lm/prices.ts";
import { planMipro } from "../optimize/plan.ts";
import { estimateRun, optimizerPlanInputs, type RunEstimate } from "./estimate-run.ts";
import type { OptimizerSettings, RunConfig } from "./run-config.ts";
import type { RunInput } from "./run-input.ts";

/** One size `budget.fitBudget` changed. */
export interface ScaledSize {
  from: number;
  to: number;
}

/** What fitting a run to its budget did, kept in the run's input and shown in its summary. */
export interface BudgetFit {
  /** The run's upper bound in dollars (or calls, without a dollar cap) before and after. */
  estimate: { from: number; to: number; unit: "usd" | "calls" };
  /** By config path, e.g. `optimizer.judge.numTrials` or `compare.trainSample`. */
  scaled: Record<string, ScaledSize>;
  /**
   * Dollars left free under the cap for the calls in flight at once: each reserves its worst
   * case (every allowed output token) before it runs, so a bound right at the cap would stop
   * the run's last calls.
   */
  headroomUsd: number;
}

/** A run whose upper bound is above its cap: it must not start. */
export interface BudgetRefusal {
  capUsd?: number;
  maxCalls?: number;
  /** The estimate it was refused on (after fitting, when fitting was asked for and failed). */
  estimate: RunEstimate;
  /** One line: the upper bound, the cap, each stage's share and what to do. */
  message: string;
}

/**
 * Thrown where a run over its cap is refused: `refusal` holds the estimate per stage and the cap.
 *
 * @example
 * if (plan.refusal) throw new BudgetRefusedError(plan.refusal);
 */
export class BudgetRefusedError extends JudgeloopError {
  readonly refusal: BudgetRefusal;

  constructor(refusal: BudgetRefusal) {
    super("estimate_exceeds_cap", refusal.message);
    this.name = "BudgetRefusedError";
    this.refusal = refusal;
  }
}

export interface BudgetPlan {
  /** The input to run: as given, or with its sizes scaled to fit (and `budgetFit` set). */
  input: RunInput;
  estimate: RunEstimate;
  /** Set when the run must be refused. */
  refusal?: BudgetRefusal;
}

/** Each step of fitting takes a fifth off the sizes of one phase. */
const shrink = 0.8;
const roles = ["judge", "generator"] as const;
/**
 * The order sizes are given up in, each down to its floor before the next: first what only
 * narrows a report (the compare stage's dev-train sample), then what costs the search least
 * (minibatch, demo-set candidates), trials and instruction candidates last.
 */
const phases = [
  { size: "trainSample", floor: 10 },
  { size: "minibatchSize", floor: 5 },
  { size: "numDemoCandidates", floor: 2 },
  { size: "numTrials", floor: 2 },
  { size: "numInstructionCandidates", floor: 2 },
  { size: "numTrials", floor: 1 },
  { size: "numDemoCandidates", floor: 1 },
] as const;

/**
 * Checks a run's upper bound against its caps before anything runs. Within them, the input
 * is returned as is. Above them, with `budget.fitBudget`, the optimizers' sizes (trials,
 * candidates, minibatch) and the compare stage's dev-train sample are scaled down together,
 * step by step, until the bound fits; the input then records what was scaled. Otherwise (or
 * when even the smallest sizes do not fit) the plan carries a refusal naming every stage's
 * share and the cap. A bound that cannot be priced is left to the per-call budget check.
 *
 * @example
 * const plan = planRunBudget({ input, datasets, prices });
 * if (plan.refusal) throw new JudgeloopError("estimate_exceeds_cap", plan.refusal.message);
 */
export function planRunBudget(args: { input: RunInput; datasets: PreparedDatasets; prices?: PriceTable }): BudgetPlan {
  const { input, datasets } = args;
  const prices = args.prices ?? defaultPrices;
  const estimate = estimateRun({ input, datasets, prices });
  const over = isOver(input.config, estimate, 0);
  if (input.config.budget.fitBudget === true) {
    if (!isOver(input.config, estimate, reservationHeadroom(input, estimate, prices))) return { input, estimate };
    const fitted = fitSizes(input, datasets, prices, estimate);
    if (fitted) return fitted;
  }
  return over ? { input, estimate, refusal: refusalOf(input.config, estimate) } : { input, estimate };
}

/**
 * What the calls in flight can hold in reservations beyond the run's bound, at its tightest
 * point: each call reserves its worst case (its prompt plus every output token it may use)
 * before it runs, up to `limits.concurrency` at once. Stages run in order, so the peak is the
 * largest of (what the stages up to one cost) + (that stage's in-flight worst cases).
 */
function reservationHeadroom(input: RunInput, estimate: RunEstimate, prices: PriceTable): number {
  const total = estimate.total.costUsd ?? 0;
  let spent = 0;
  let peak = total;
  for (const part of estimate.parts) {
    spent += part.costUsd ?? 0;
    const perCall = part.calls === 0 ? 0 : part.inputTokens / part.calls;
    // An optimizer's part names its task model first: its trials are what runs many at once.
    const model = part.model.split(" + ")[0] ?? part.model;
    const price = priceOf(model, prices);
    // Reasoning models may reserve more; their allowance is known only to their LM.
    const output = modelSettingsFor(model, input.config.modelSettings).maxOutputTokens ?? standardOutputAllowance;
    const worst = price ? (perCall * price.input + output * price.output) / 1_000_000 : 0;
    // A part never has more calls in flight than it has calls (the failure-mode grouping is one).
    peak = Math.max(peak, spent + worst * Math.min(part.calls, input.config.limits.concurrency));
  }
  return peak - total;
}

function fitSizes(
  input: RunInput,
  datasets: PreparedDatasets,
  prices: PriceTable,
  unscaled: RunEstimate,
): BudgetPlan | undefined {
  const base = baseSizes(input, datasets);
  const unit = input.config.budget.capUsd !== undefined ? "usd" : "calls";
  const bound = (e: RunEstimate) => (unit === "usd" ? (e.total.costUsd ?? Infinity) : e.total.calls);
  const sizes = new Map(base);
  for (const phase of phases) {
    const keys = [...sizes.keys()].filter((key) => key.endsWith(`.${phase.size}`));
    while (keys.some((key) => (sizes.get(key) ?? 0) > floorOf(phase.floor, base.get(key) ?? 0))) {
      for (const key of keys) sizes.set(key, shrunk(sizes.get(key) ?? 0, floorOf(phase.floor, base.get(key) ?? 0)));
      const candidate = { ...input, config: configWith(input.config, sizes) };
      const estimate = estimateRun({ input: candidate, datasets, prices });
      const headroomUsd = unit === "usd" ? reservationHeadroom(candidate, estimate, prices) : 0;
      if (isOver(candidate.config, estimate, headroomUsd)) continue;
      const scaled = Object.fromEntries(
        [...sizes]
          .filter(([key, to]) => to !== base.get(key))
          .map(([key, to]) => [key, { from: base.get(key) ?? to, to }]),
      );
      const budgetFit: BudgetFit = {
        estimate: { from: bound(unscaled), to: bound(estimate), unit },
        scaled,
        headroomUsd,
      };
      return { input: { ...candidate, budgetFit }, estimate };
    }
  }
  return undefined;
}

/** The next size down: a fifth less (at least one less), never below the floor. */
function shrunk(value: number, floor: number): number {
  return Math.max(floor, Math.min(value - 1, Math.floor(value * shrink)));
}

/** A floor never asks for more than the run had. */
function floorOf(floor: number, base: number): number {
  return Math.min(floor, base);
}

/**
 * The sizes the run would use unscaled, by config path: each optimizer's plan before any
 * budget shrinking, and the compare stage's dev-train sample.
 */
function baseSizes(input: RunInput, datasets: PreparedDatasets): Map<string, number> {
  const plans = optimizerPlanInputs(input, datasets);
  const sizes = new Map<string, number>();
  const devTrain = datasets.devTrain.rows.length;
  sizes.set("compare.trainSample", Math.min(devTrain, input.config.compare?.trainSample ?? devTrain));
  for (const role of roles) {
    const { budget: _unbounded, ...options } = plans[role].options;
    const config = planMipro({ ...plans[role], options }).plan.config;
    // A plan that evaluates its whole valset every trial keeps doing so (a size would turn minibatches on).
    if (config.minibatch) sizes.set(`optimizer.${role}.minibatchSize`, config.minibatchSize);
    for (const size of ["numTrials", "numInstructionCandidates", "numDemoCandidates"] as const) {
      sizes.set(`optimizer.${role}.${size}`, config[size]);
    }
  }
  return sizes;
}

function configWith(config: RunConfig, sizes: Map<string, number>): RunConfig {
  const optimizer = (role: (typeof roles)[number]): OptimizerSettings => {
    const settings = { ...config.optimizer[role] };
    for (const [key, value] of sizes) {
      const [section, owner, size] = key.split(".");
      if (section === "optimizer" && owner === role) Object.assign(settings, { [size as string]: value });
    }
    return settings;
  };
  return {
    ...config,
    optimizer: { judge: optimizer("judge"), generator: optimizer("generator") },
    compare: { ...config.compare, trainSample: sizes.get("compare.trainSample") ?? config.compare?.trainSample },
  };
}

/** Above the caps, with `headroomUsd` of the dollar cap kept free. */
function isOver(config: RunConfig, estimate: RunEstimate, headroomUsd: number): boolean {
  const { capUsd, maxCalls } = config.budget;
  const cost = estimate.total.costUsd;
  return (
    (capUsd !== undefined && cost !== undefined && cost + headroomUsd > capUsd) ||
    (maxCalls !== undefined && estimate.total.calls > maxCalls)
  );
}

function refusalOf(config: RunConfig, estimate: RunEstimate): BudgetRefusal {
  const { capUsd, maxCalls, fitBudget } = config.budget;
  const cost = estimate.total.costUsd;
  const overDollars = capUsd !== undefined && cost !== undefined && cost > capUsd;
  const bound = overDollars ? `$${roundUp(cost)}` : `${estimate.total.calls} calls`;
  const cap = overDollars ? `$${capUsd}` : `${maxCalls} calls`;
  const stages = stageShares(estimate)
    .map(
      (s) =>
        `${s.stage} ${overDollars ? (s.costUsd === undefined ? "price unknown" : `$${roundUp(s.costUsd)}`) : `${s.calls} calls`}`,
    )
    .join(", ");
  const advice = fitBudget
    ? "even the smallest optimizer sizes do not fit: raise the cap or use fewer examples"
    : "raise the cap, lower the sizes, or let the run fit its budget (--fit-budget, budget.fitBudget)";
  return {
    ...(capUsd !== undefined && { capUsd }),
    ...(maxCalls !== undefined && { maxCalls }),
    estimate,
    message: `the run's upper bound is ${bound}, above its cap of ${cap} (${stages}); ${advice}`,
  };
}

/**
 * A run estimate's calls and dollars summed per stage, in stage order.
 *
 * @example
 * stageShares(estimate); // [{ stage: "generate", calls: 60, costUsd: 0.01 }, ...]
 */
export function stageShares(estimate: RunEstimate): { stage: string; calls: number; costUsd: number | undefined }[] {
  const byStage = new Map<string, { stage: string; calls: number; costUsd: number | undefined }>();
  for (const part of estimate.parts) {
    const share = byStage.get(part.stage) ?? { stage: part.stage, calls: 0, costUsd: 0 };
    share.calls += part.calls;
    share.costUsd =
      share.costUsd === undefined || part.costUsd === undefined ? undefined : share.costUsd + part.costUsd;
    byStage.set(part.stage, share);
  }
  return [...byStage.values()];
}

function roundUp(usd: number): string {
  return (Math.ceil(usd * 10_000) / 10_000).toFixed(4);
}
