import { appendReply } from "../data/conversation.ts";
import { saveDatasetVersion } from "../data/dataset-store.ts";
import { createDatasetVersion } from "../data/dataset-version.ts";
import type { Row } from "../data/parsed-rows.ts";
import type { EvaluationRecord } from "../evaluate/types.ts";
import { contentHash } from "../util/canonical-json.ts";
import { baselineGenerator, generatorInput, generatorOutput } from "./programs.ts";
import type { StageContext } from "./stage-context.ts";
import { requireOutput } from "./stage-context.ts";
import { datasetData, datasetRows, evaluateInStage, examplesOf, rowId } from "./stage-data.ts";
import type { GenerateOutput } from "./stage-outputs.ts";

/** The column holding the transcript with the generated reply appended: what judges read. */
export const transcriptColumn = "output_transcript";

/**
 * Stage `generate`: the baseline generator writes the next Support message for every judge-set
 * conversation; the reply is appended to the transcript for the judges to read.
 *
 * @example
 * const { dataset } = await generateStage(ctx); // rows gain `reply` and `output_transcript`
 */
export async function generateStage(ctx: StageContext): Promise<GenerateOutput> {
  const judgeSet = requireOutput(ctx, "prepare").datasets.judge;
  const rows = await datasetRows(ctx, judgeSet);
  const generator = baselineGenerator();
  const model = ctx.input.models.generator;
  const result = await evaluateInStage(ctx, {
    program: generator,
    examples: examplesOf(rows, { [generatorInput]: generatorInput }),
    metric: { kind: "none" },
    model,
    unit: "replies",
  });
  const { generated, failed } = withReplies(rows, result.records);
  if (failed.length > 0) ctx.note(`the generator failed on ${failed.length} conversations (left out)`);
  const version = createDatasetVersion(
    generated,
    {
      parent: judgeSet.id,
      transform: "generate",
      params: { model, program: contentHash(generator.toState()).slice(0, 16) },
      seed: null,
      counts: { input: rows.length, failed: failed.length },
    },
    ctx.now(),
  );
  await saveDatasetVersion(ctx.artifacts, version);
  return { dataset: datasetData("judge-generated", version), failed };
}

/**
 * Joins generated replies back onto their rows: each row gains `reply` and `output_transcript`
 * (its transcript with the reply appended as a Support turn). Rows whose generation failed are
 * left out and listed by id. `records` are in row order, as `evaluate` returns them.
 *
 * @example
 * const { generated, failed } = withReplies(rows, result.records);
 */
export function withReplies(
  rows: readonly Row[],
  records: readonly EvaluationRecord[],
): { generated: Row[]; failed: string[] } {
  const generated: Row[] = [];
  const failed: string[] = [];
  rows.forEach((row, index) => {
    const reply = records[index]?.outputs?.[generatorOutput];
    if (records[index]?.status !== "scored" || typeof reply !== "string") {
      failed.push(rowId(row));
      return;
    }
    generated.push({ ...row, reply, [transcriptColumn]: appendReply(String(row[generatorInput]), reply) });
  });
  return { generated, failed };
}
