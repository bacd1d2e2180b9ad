import { JudgeloopError } from "../errors.ts";
import type { Metric } from "../evaluate/types.ts";
import type { Example } from "../module/example.ts";
import type { Program } from "../module/program.ts";
import type { ProgramState } from "../module/state.ts";
import { judgeMetric } from "../optimize/judge-metric.ts";
import { getJson } from "../ports/artifact-store.ts";
import { generatorInput, generatorOutput, judgeInput, judgeVerdict, programFromState } from "./programs.ts";
import { type OptimizationMetricSpec, requireOutput, type StageContext } from "./stage-context.ts";
import { datasetRows, examplesOf } from "./stage-data.ts";

/** The generator's dev splits: the conversations so far, by id. */
export interface DevSplits {
  train: Example[];
  holdout: Example[];
}

/**
 * Generator examples of the dev train and holdout splits (no labels: the judge is the metric).
 *
 * @example
 * const { train, holdout } = await devSplits(ctx);
 */
export async function devSplits(ctx: StageContext): Promise<DevSplits> {
  const { datasets } = requireOutput(ctx, "prepare");
  const examples = async (data: typeof datasets.devTrain) =>
    examplesOf(await datasetRows(ctx, data), { [generatorInput]: generatorInput });
  return { train: await examples(datasets.devTrain), holdout: await examples(datasets.devHoldout) };
}

/**
 * A stored program, rebuilt with the run's LMs.
 *
 * @example
 * const judge = await loadProgram(ctx, requireOutput(ctx, "judge-optimize").programKey);
 */
export async function loadProgram(ctx: StageContext, key: string): Promise<Program> {
  const state = (await getJson(ctx.artifacts, key)) as ProgramState | null;
  if (state === null) throw new JudgeloopError("artifact_not_found", `the run's program ${key} is missing`);
  return programFromState(state, { resolveLM: ctx.lmFor });
}

/**
 * The generator's metric: the optimized judge (on its own model) reads the conversation with
 * the generated reply appended and passes it or not.
 *
 * @example
 * const metric = await judgeAsMetric(ctx);
 */
export async function judgeAsMetric(
  ctx: StageContext,
): Promise<{ judge: Program; metric: Metric; spec: OptimizationMetricSpec; words: string }> {
  const { programKey } = requireOutput(ctx, "judge-optimize");
  const judge = await loadProgram(ctx, programKey);
  const fields = {
    transcriptField: judgeInput,
    replyField: generatorOutput,
    conversationField: generatorInput,
    verdictField: judgeVerdict,
  };
  const metric = judgeMetric(judge, { ...fields, resolveLM: ctx.lmFor });
  const spec: OptimizationMetricSpec = { kind: "judge", programKey, model: ctx.input.models.judge, ...fields };
  return { judge, metric, spec, words: `verdict of the optimized judge (${ctx.input.models.judge})` };
}
