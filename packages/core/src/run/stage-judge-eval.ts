import { lengthBias } from "../metrics/length-bias.ts";
import { judgeStability } from "../metrics/stability.ts";
import type { Example } from "../module/example.ts";
import type { Program } from "../module/program.ts";
import { agreementOf, describeAgreement, judgePass, judgeSplits } from "./judge-data.ts";
import { baselineJudge } from "./programs.ts";
import type { StageContext } from "./stage-context.ts";
import type { JudgeEvalOutput } from "./stage-outputs.ts";

/**
 * Stage `judge-eval`: the baseline judge against the gold labels on judge train and validation
 * (agreement with intervals), its stability over repeated samples, and its length bias.
 *
 * @example
 * const { validation } = await judgeEvalStage(ctx); // validation.kappa
 */
export async function judgeEvalStage(ctx: StageContext): Promise<JudgeEvalOutput> {
  const { train, validation, replies } = await judgeSplits(ctx);
  const judge = baselineJudge();
  const all = await judgePass(ctx, judge, [...train, ...validation], { unit: "verdicts" });
  const inSplit = (examples: Example[]) => new Map(examples.map((e) => [e.id ?? "", all.verdicts.get(e.id ?? "")]));
  const trainVerdicts = defined(inSplit(train));
  const validationVerdicts = defined(inSplit(validation));
  const trainReport = agreementOf(ctx, trainVerdicts, "judge-train/baseline");
  const validationReport = agreementOf(ctx, validationVerdicts, "judge-validation/baseline");
  ctx.note(
    `baseline judge: train ${describeAgreement(trainReport)}; validation ${describeAgreement(validationReport)}`,
  );
  const stability = await stabilityOf(ctx, judge, validation);
  const samples = [...train, ...validation].flatMap((example) => {
    const judged = all.verdicts.get(example.id ?? "");
    const reply = replies.get(example.id ?? "");
    return judged && reply !== undefined ? [{ response: reply, verdict: judged.verdict }] : [];
  });
  return {
    train: trainReport,
    validation: validationReport,
    stability,
    lengthBias: lengthBias(samples, { unit: "words" }),
    errors: all.result.errors,
  };
}

async function stabilityOf(ctx: StageContext, judge: Program, validation: Example[]) {
  const { repeats, examples, temperature } = ctx.input.config.stability;
  const subset = examples === 0 ? validation : validation.slice(0, examples);
  const runs = new Map<string, boolean[]>();
  for (let rollout = 1; rollout <= repeats; rollout++) {
    const pass = await judgePass(ctx, judge, subset, {
      unit: `repeat ${rollout}/${repeats}`,
      temperature,
      rolloutId: rollout,
    });
    for (const [id, { verdict }] of pass.verdicts) runs.set(id, [...(runs.get(id) ?? []), verdict]);
  }
  const report = judgeStability([...runs].map(([id, verdicts]) => ({ id, verdicts })));
  const flips = report.flipRate === null ? "n/a" : report.flipRate.toFixed(3);
  const fixedTemperature = ctx.lmFor(ctx.input.models.judge).capabilities.fixedTemperature === true;
  const at = fixedTemperature
    ? `at the provider's fixed temperature (${ctx.input.models.judge} takes none; ${temperature} was not sent)`
    : `at temperature ${temperature}`;
  ctx.note(`stability over ${repeats} repeats of ${subset.length} transcripts ${at}: flip rate ${flips}`);
  return { temperature, repeats, report, ...(fixedTemperature && { fixedTemperature }) };
}

function defined<K, V>(map: Map<K, V | undefined>): Map<K, V> {
  return new Map([...map].flatMap(([key, value]) => (value === undefined ? [] : [[key, value] as [K, V]])));
}
