import type { Program } from "../module/program.ts";
import { inspectProgram } from "../optimize/inspect.ts";
import { loadProgram } from "./generator-data.ts";
import { baselineGenerator, baselineJudge, generatorInput, judgeInput } from "./programs.ts";
import type { StageContext } from "./stage-context.ts";
import { datasetRows, rowId } from "./stage-data.ts";
import { transcriptColumn } from "./stage-generate.ts";
import type { PromptsData, RenderedData } from "./summary-types.ts";

/**
 * The final prompts as rendered messages, baseline beside optimized, for the first labelled
 * judge-validation conversation: the generator sees the conversation so far, the judge the
 * same conversation with the baseline reply. Only predictors whose optimization ran are shown;
 * undefined when none did.
 *
 * @example
 * const prompts = await promptsData(ctx);
 */
export async function promptsData(ctx: StageContext): Promise<PromptsData | undefined> {
  const { outputs } = ctx;
  const labelled = outputs.label;
  const validation = outputs.prepare?.datasets.judgeValidation;
  if (!labelled || !validation) return undefined;
  const validationIds = new Set((await datasetRows(ctx, validation)).map(rowId));
  const row = (await datasetRows(ctx, labelled.dataset)).find((r) => validationIds.has(rowId(r)));
  if (!row) return undefined;
  const inputs = { [generatorInput]: row[generatorInput], [judgeInput]: row[transcriptColumn] };
  const predictors: PromptsData["predictors"] = [];
  const { models } = ctx.input;
  const judgeRun = outputs["judge-optimize"];
  if (judgeRun) {
    const pair = render(baselineJudge(), await loadProgram(ctx, judgeRun.programKey), inputs);
    if (pair) predictors.push({ name: "judge", role: "judge", model: models.judge, ...pair });
  }
  const generatorRun = outputs["generator-optimize"];
  if (generatorRun) {
    const pair = render(baselineGenerator(), await loadProgram(ctx, generatorRun.programKey), inputs);
    if (pair) predictors.push({ name: "generator", role: "generator", model: models.generator, ...pair });
  }
  return predictors.length === 0 ? undefined : { exampleId: rowId(row), predictors };
}

function render(
  baseline: Program,
  optimized: Program,
  inputs: Record<string, unknown>,
): { baseline: RenderedData; optimized: RenderedData } | undefined {
  const one = (program: Program): RenderedData | undefined => {
    const [rendered] = inspectProgram(program, inputs);
    const [, predictor] = program.namedPredictors()[0] ?? [];
    if (!rendered?.messages || !predictor) return undefined;
    return { instructions: predictor.signature.instructions, messages: rendered.messages };
  };
  const before = one(baseline);
  const after = one(optimized);
  return before && after ? { baseline: before, optimized: after } : undefined;
}
