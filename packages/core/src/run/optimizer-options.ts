import type { MiproOptions } from "../optimize/plan-types.ts";
import type { OptimizerSettings } from "./run-config.ts";
import type { StageContext } from "./stage-context.ts";

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
  const options: MiproOptions = {
    ...withoutUndefined(settings),
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

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
