import { goldVerdicts, type JudgedReplies } from "./compare-data.ts";
import { goldCheck } from "./gold-check.ts";
import type { StageContext } from "./stage-context.ts";
import type { GoldCheckData } from "./summary-types.ts";

/**
 * Why the compare stage does not score the holdout replies by gold, or undefined when it does.
 * Only a gold model can label replies that did not exist when the labels were made: a run whose
 * labels come from SMEs has no gold labeller for them.
 *
 * @example
 * goldJudgeSkipReason(ctx); // undefined for a run labelled by sim/gold
 */
export function goldJudgeSkipReason(ctx: StageContext): string | undefined {
  if (ctx.input.config.labels.source === "sme") {
    return "the run's labels come from SMEs, and no SME label covers the replies the compare stage generated";
  }
  return undefined;
}

/**
 * The gold check of the holdout: the gold model labels the baseline's and the optimized
 * generator's replies (stage jobs, like every per-example call), then goldCheck sets the judge's
 * verdicts beside gold's.
 *
 * @example
 * const gold = await goldJudgeOf(ctx, results.holdout, conversations); // gold.verdict
 */
export async function goldJudgeOf(
  ctx: StageContext,
  holdout: { baseline: JudgedReplies; optimized: JudgedReplies },
  conversations: ReadonlyMap<string, string>,
): Promise<GoldCheckData> {
  const baseline = await goldVerdicts(ctx, holdout.baseline, conversations, "baseline holdout");
  const optimized = await goldVerdicts(ctx, holdout.optimized, conversations, "optimized holdout");
  return goldCheck(
    {
      baseline: { judged: holdout.baseline.byId, gold: baseline.byId },
      optimized: { judged: holdout.optimized.byId, gold: optimized.byId },
    },
    { seed: `${ctx.input.config.prepare.seed}/gold-holdout`, model: ctx.input.models.gold },
  );
}
