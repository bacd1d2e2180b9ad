import type { ProgramState } from "../module/state.ts";
import { putJson } from "../ports/artifact-store.ts";
import { devSplits, judgeAsMetric } from "./generator-data.ts";
import { optimizationData } from "./optimization-summary.ts";
import { optimizerChoiceOf } from "./optimizer-options.ts";
import { baselineGenerator } from "./programs.ts";
import type { StageContext } from "./stage-context.ts";
import { programKey } from "./stage-judge-optimize.ts";
import type { OptimizeOutput } from "./stage-outputs.ts";

/**
 * Stage `generator-optimize`: MIPRO on the dev train split, the optimized judge as the metric;
 * each module on its own model (generator and judge).
 *
 * @example
 * const { optimization } = await generatorOptimizeStage(ctx); // optimization.bestScore
 */
export async function generatorOptimizeStage(ctx: StageContext): Promise<OptimizeOutput> {
  const { train } = await devSplits(ctx);
  const { metric, spec, words } = await judgeAsMetric(ctx);
  const { models } = ctx.input;
  const state = await ctx.services.optimize({
    progress: ctx.progress,
    ...(ctx.signal && { signal: ctx.signal }),
    stage: "generator-optimize",
    program: baselineGenerator(),
    trainset: train,
    metric,
    metricSpec: spec,
    lm: ctx.lmFor(models.generator),
    proposerLM: ctx.lmFor(models.proposer),
    ...optimizerChoiceOf(ctx, ctx.input.config.optimizer.generator, {
      taskModel: models.generator,
      metricModel: models.judge,
    }),
  });
  const chosen = state.result?.program ?? state.baseline;
  const key = programKey(ctx.runId, "generator");
  await putJson(ctx.artifacts, key, boundTo(chosen, models.generator));
  const optimization = optimizationData(state, words, train.length);
  const score = (value: number | null) => (value === null ? "n/a" : value.toFixed(3));
  ctx.note(
    `optimized generator: judge pass rate ${score(optimization.baselineScore)} → ${score(optimization.bestScore)} (dev train valset)`,
  );
  return {
    programKey: key,
    optimization,
    ...(state.stoppedReason !== undefined && { stoppedReason: state.stoppedMessage ?? state.stoppedReason }),
  };
}

function boundTo(state: ProgramState, model: string): ProgramState {
  const predictors = Object.fromEntries(
    Object.entries(state.predictors).map(([name, predictor]) => [name, { ...predictor, lm: model }]),
  );
  return { ...state, name: "generator", predictors, metadata: { ...state.metadata, role: "generator" } };
}
