import { exactMatch } from "../evaluate/metrics.ts";
import type { ProgramState } from "../module/state.ts";
import { putJson } from "../ports/artifact-store.ts";
import { agreementOf, describeAgreement, judgePass, judgeSplits } from "./judge-data.ts";
import { optimizationData } from "./optimization-summary.ts";
import { optimizerChoiceOf } from "./optimizer-options.ts";
import { baselineJudge, judgeVerdict, programFromState } from "./programs.ts";
import type { StageContext } from "./stage-context.ts";
import type { JudgeOptimizeOutput } from "./stage-outputs.ts";

/**
 * Where a run keeps its chosen programs.
 *
 * @example
 * programKey("run-1", "judge"); // "runs/run-1/programs/judge.json"
 */
export function programKey(runId: string, role: "judge" | "generator"): string {
  return `runs/${runId}/programs/${role}.json`;
}

/**
 * Stage `judge-optimize`: MIPRO on the judge train split with exact match to the gold verdict
 * as the metric, then the chosen judge re-evaluated on train and validation (a gap between the
 * two is overfitting). The program is saved with its validation agreement, which the gate and
 * `judgeloop optimize --metric judge:FILE` read.
 *
 * @example
 * const { validation } = await judgeOptimizeStage(ctx);
 */
export async function judgeOptimizeStage(ctx: StageContext): Promise<JudgeOptimizeOutput> {
  const { train, validation } = await judgeSplits(ctx);
  const model = ctx.input.models.judge;
  const lm = ctx.lmFor(model);
  const state = await ctx.services.optimize({
    progress: ctx.progress,
    ...(ctx.signal && { signal: ctx.signal }),
    stage: "judge-optimize",
    program: baselineJudge(),
    trainset: train,
    metric: exactMatch(judgeVerdict),
    metricSpec: { kind: "exact", field: judgeVerdict },
    lm,
    proposerLM: ctx.lmFor(ctx.input.models.proposer),
    ...optimizerChoiceOf(ctx, ctx.input.config.optimizer.judge, { taskModel: model }),
  });
  const chosen = state.result?.program ?? state.baseline;
  const judge = programFromState(chosen, { resolveLM: ctx.lmFor });
  const all = await judgePass(ctx, judge, [...train, ...validation], { unit: "verdicts" });
  const verdictsOf = (ids: Set<string>) => new Map([...all.verdicts].filter(([id]) => ids.has(id)));
  const trainReport = agreementOf(ctx, verdictsOf(idsOf(train)), "judge-train/optimized");
  const validationReport = agreementOf(ctx, verdictsOf(idsOf(validation)), "judge-validation/optimized");
  ctx.note(
    `optimized judge: train ${describeAgreement(trainReport)}; validation ${describeAgreement(validationReport)}`,
  );
  const key = programKey(ctx.runId, "judge");
  await putJson(ctx.artifacts, key, savedJudge(chosen, model, validationReport));
  const optimization = optimizationData(state, `exact match of \`${judgeVerdict}\` with the gold label`, train.length);
  return {
    programKey: key,
    optimization,
    train: trainReport,
    validation: validationReport,
    ...(state.stoppedReason !== undefined && { stoppedReason: state.stoppedMessage ?? state.stoppedReason }),
  };
}

function idsOf(examples: readonly { id: string | undefined }[]): Set<string> {
  return new Set(examples.map((e) => e.id ?? ""));
}

/** The judge as a file: bound to its model, carrying the held-out alignment the gate checks. */
function savedJudge(state: ProgramState, model: string, validation: JudgeOptimizeOutput["validation"]): ProgramState {
  const predictors = Object.fromEntries(
    Object.entries(state.predictors).map(([name, predictor]) => [name, { ...predictor, lm: model }]),
  );
  return {
    ...state,
    name: "judge",
    predictors,
    metadata: { ...state.metadata, role: "judge", alignment: { split: "judge-validation", validation } },
  };
}
