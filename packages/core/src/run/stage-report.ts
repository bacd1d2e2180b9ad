import { assembleSummary } from "./assemble-summary.ts";
import { promptsData } from "./prompts-data.ts";
import type { StageContext } from "./stage-context.ts";
import type { ReportOutput } from "./stage-outputs.ts";
import type { RunSummaryData } from "./summary-types.ts";

/**
 * The summary of the run as it stands: what `report` writes and `--json` prints.
 *
 * @example
 * const summary = await summaryOf(ctx);
 */
export async function summaryOf(ctx: StageContext): Promise<RunSummaryData> {
  const prompts = await promptsData(ctx);
  return assembleSummary({
    runId: ctx.runId,
    input: ctx.input,
    outputs: ctx.outputs,
    meter: await ctx.meter(),
    startedAt: ctx.run.startedAt,
    finishedAt: ctx.now(),
    ...(ctx.run.stop && { stop: ctx.run.stop }),
    ...(prompts && { prompts }),
  });
}

/**
 * Stage `report`: the summary rendered as one self-contained HTML file with `summary.json`
 * beside it.
 *
 * @example
 * const { htmlPath } = await reportStage(ctx);
 */
export async function reportStage(ctx: StageContext): Promise<ReportOutput> {
  const written = await ctx.services.writeReport(await summaryOf(ctx));
  ctx.note(`report: ${written.htmlPath}`);
  return written;
}
