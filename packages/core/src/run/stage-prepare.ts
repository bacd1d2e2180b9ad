import { saveDatasetVersion } from "../data/dataset-store.ts";
import { type PreparedDatasets, prepareConversations } from "../data/prepare.ts";
import type { StageContext } from "./stage-context.ts";
import { datasetData } from "./stage-data.ts";
import type { PrepareOutput } from "./stage-outputs.ts";
import { synthesizedConversations } from "./stage-synthesize.ts";
import type { DatasetData } from "./summary-types.ts";

/** Each prepared version's role name in the report, in pipeline order. */
export const preparedNames: Readonly<Record<keyof PreparedDatasets, string>> = {
  imported: "imported",
  preprocessed: "preprocessed",
  truncated: "truncated",
  sampled: "sampled",
  judge: "judge",
  judgeTrain: "judge-train",
  judgeValidation: "judge-validation",
  dev: "dev",
  devTrain: "dev-train",
  devHoldout: "dev-holdout",
};

/**
 * Stage `prepare`: conversations (read, or synthesized from seed questions with
 * `data.synthesize`) → filtered, truncated, sampled and split dataset versions,
 * each stored by its content hash (storing one again is a no-op).
 *
 * @example
 * const { datasets } = await prepareStage(ctx);
 */
export async function prepareStage(ctx: StageContext): Promise<PrepareOutput> {
  const synthesize = ctx.input.config.data.synthesize;
  const synthesized = synthesize === undefined ? undefined : await synthesizedConversations(ctx, synthesize);
  const { rows, source } = synthesized
    ? { rows: synthesized.rows, source: { format: "jsonl" as const, map: {} } }
    : await ctx.services.loadConversations(ctx.input);
  if (!synthesized) ctx.note(`loaded ${rows.length} conversations`);
  const result = prepareConversations(rows, ctx.input.config.prepare, {
    detector: await ctx.services.languageDetector(),
    source,
    createdAt: ctx.now(),
  });
  const keys = Object.keys(preparedNames) as (keyof PreparedDatasets)[];
  const datasets = {} as Record<keyof PreparedDatasets, DatasetData>;
  for (const [index, key] of keys.entries()) {
    await saveDatasetVersion(ctx.artifacts, result.datasets[key]);
    datasets[key] = datasetData(preparedNames[key], result.datasets[key]);
    ctx.progress(index + 1, keys.length, "datasets");
  }
  const { judgeTrain, judgeValidation, devTrain, devHoldout } = datasets;
  ctx.note(
    `judge train ${judgeTrain.size}, validation ${judgeValidation.size}; dev train ${devTrain.size}, holdout ${devHoldout.size}`,
  );
  return { datasets, ...(synthesized && { synthesized: synthesized.dataset }) };
}
