import type { GepaOptions } from "../optimize/gepa-plan.ts";
import type { MiproOptions } from "../optimize/plan-types.ts";
import type { OptimizerSettings } from "./run-config.ts";
import type { OptimizationRequest, StageContext } from "./stage-context.ts";

/**
 * The MIPRO options of one pipeline optimization: the config's sizes, the run's budget (so the
 * plan shrinks to fit instead of overspending), and the models its cost estimate prices.
 *
 * @example
 * miproOptionsOf(ctx, ctx.input.config.optimizer.judge, { taskModel: models.judge });
 */
export function miproOptionsOf(
  ctx: StageContext,
  settings: OptimizerSettings,
  models: { taskModel: string; metricModel?: string },
): MiproOptions {
  const { budget } = ctx.input.config;
  const cap = {
    ...(budget.capUsd !== undefined && { capUsd: budget.capUsd }),
    ...(budget.maxCalls !== undefined && { maxCalls: budget.maxCalls }),
  };
  const { kind: _kind, maxMetricCalls: _maxMetricCalls, ...sizes } = settings;
  const options: MiproOptions = {
    ...withoutUndefined(sizes),
    seed: settings.seed ?? ctx.input.config.prepare.seed,
    estimate: {
      taskModel: models.taskModel,
      proposerModel: ctx.input.models.proposer,
      ...(models.metricModel !== undefined && { metricModel: models.metricModel, metricCallsPerExample: 1 }),
    },
  };
  if (Object.keys(cap).length > 0) options.budget = cap;
  return options;
}

/**
 * Which optimizer a pipeline optimization runs and its options: MIPRO's always (they size the
 * estimate), GEPA's when the settings say `kind: "gepa"` (preset, seed, budget and metric-call
 * budget carried over).
 *
 * @example
 * const choice = optimizerChoiceOf(ctx, ctx.input.config.optimizer.judge, { taskModel });
 * await ctx.services.optimize({ ...request, ...choice });
 */
export function optimizerChoiceOf(
  ctx: StageContext,
  settings: OptimizerSettings,
  models: { taskModel: string; metricModel?: string },
): Pick<OptimizationRequest, "options" | "kind" | "gepa"> {
  const options = miproOptionsOf(ctx, settings, models);
  if (settings.kind !== "gepa") return { options, kind: "mipro" };
  return { options, kind: "gepa", gepa: gepaOptionsFrom(settings, options) };
}

/**
 * GEPA's options from the optimizer settings and the MIPRO options built for the same
 * optimization (seed, budget, metric model), so the run and its estimate plan alike.
 *
 * @example
 * planGepa({ program, trainset, options: gepaOptionsFrom(settings, miproOptions) });
 */
export function gepaOptionsFrom(settings: OptimizerSettings, mipro: MiproOptions): GepaOptions {
  return {
    auto: settings.auto,
    ...(mipro.seed !== undefined && { seed: mipro.seed }),
    ...(mipro.budget && { budget: mipro.budget }),
    ...(settings.maxMetricCalls !== undefined && { maxMetricCalls: settings.maxMetricCalls }),
    ...(settings.confirmFraction !== undefined && { confirmFraction: settings.confirmFraction }),
    ...(mipro.estimate?.metricModel !== undefined && { metricCallsPerExample: 1 }),
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
