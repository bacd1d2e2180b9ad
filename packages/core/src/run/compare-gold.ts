import { Example } from "../module/example.ts";
import { goldVerdicts, type JudgedReplies } from "./compare-data.ts";
import {
  type FailingCritique,
  failureModeExampleId,
  failureModeInput,
  failureModeInputs,
  failureModeProgram,
  failureModesNotRun,
  failureModesOf,
} from "./failure-modes.ts";
import { goldCheck } from "./gold-check.ts";
import { RunStopped, type StageContext } from "./stage-context.ts";
import { runStagePass } from "./stage-pass.ts";
import type { FailureModesData, GoldCheckData, GoldVerdictData } from "./summary-types.ts";

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
 * verdicts beside gold's; the critiques of the replies gold failed are grouped into failure modes
 * by one more stage job (failureModesInStage).
 *
 * @example
 * const { gold, failureModes } = await goldJudgeOf(ctx, results.holdout, conversations); // gold.verdict
 */
export async function goldJudgeOf(
  ctx: StageContext,
  holdout: { baseline: JudgedReplies; optimized: JudgedReplies },
  conversations: ReadonlyMap<string, string>,
): Promise<{ gold: GoldCheckData; failureModes: FailureModesData }> {
  const baseline = await goldVerdicts(ctx, holdout.baseline, conversations, "baseline holdout");
  const optimized = await goldVerdicts(ctx, holdout.optimized, conversations, "optimized holdout");
  const critiques = [...failingCritiques("baseline", baseline.byId), ...failingCritiques("optimized", optimized.byId)];
  const failureModes = await failureModesInStage(ctx, critiques);
  const gold = goldCheck(
    {
      baseline: { judged: holdout.baseline.byId, gold: baseline.byId },
      optimized: { judged: holdout.optimized.byId, gold: optimized.byId },
    },
    { seed: `${ctx.input.config.prepare.seed}/gold-holdout`, model: ctx.input.models.gold },
  );
  return { gold, failureModes };
}

/** The gold critiques of one program's replies that gold failed, in id order (a stable prompt, so a cached answer). */
export function failingCritiques(
  side: FailingCritique["side"],
  gold: ReadonlyMap<string, GoldVerdictData>,
): FailingCritique[] {
  return [...gold]
    .filter(([, v]) => !v.verdict && v.critique !== null && v.critique !== "")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([exampleId, v]) => ({ id: `${side}:${exampleId}`, exampleId, side, critique: v.critique ?? "" }));
}

/**
 * Names the failure modes of the failing replies: one stage job of the proposer model (a pass of
 * one example, planned like every other compare pass, so on AWS a worker runs it and the stage's
 * execution makes no call). Its failure, a budget refusal included, leaves the section "not run"
 * with the reason and the run carries on; only a cancelled run stops here.
 *
 * @example
 * const modes = await failureModesInStage(ctx, critiques); // modes.notRun ?? modes.modes
 */
export async function failureModesInStage(
  ctx: StageContext,
  critiques: readonly FailingCritique[],
): Promise<FailureModesData> {
  if (critiques.length === 0) return failureModesNotRun(critiques, "no failing reply has a gold critique");
  const model = ctx.input.models.proposer;
  const example = new Example(failureModeInputs(critiques), { id: failureModeExampleId, inputs: [failureModeInput] });
  const result = await runStagePass(ctx, {
    program: failureModeProgram(),
    examples: [example],
    metric: { kind: "none" },
    model,
    unit: "failure-mode groupings",
    options: { temperature: 0 },
  });
  if (result.stoppedReason === "cancelled") throw new RunStopped("cancelled", "the run was cancelled");
  const [record] = result.records;
  if (record?.status === "not_run" && record.errorKind === "budget_exceeded") {
    return failureModesNotRun(critiques, "the budget was spent before the failure-mode call");
  }
  if (!record) return failureModesNotRun(critiques, "the failure-mode job left no record");
  return failureModesOf(record, critiques, model);
}
