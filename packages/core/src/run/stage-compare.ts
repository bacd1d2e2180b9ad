import { type LengthUnit, lengthBias, responseLength } from "../metrics/length-bias.ts";
import { comparePrograms } from "../metrics/paired.ts";
import { type JudgedReplies, judgedReplies, passRecords } from "./compare-data.ts";
import { goldJudgeOf, goldJudgeSkipReason } from "./compare-gold.ts";
import { devSplits, judgeAsMetric, loadProgram } from "./generator-data.ts";
import { baselineGenerator, generatorInput } from "./programs.ts";
import { requireOutput, type StageContext } from "./stage-context.ts";
import type { CompareOutput } from "./stage-outputs.ts";
import type { FlipData, LengthsData } from "./summary-types.ts";

/** Flips listed in the report; the total counts all of them. */
const maxListedFlips = 60;
const lengthUnit: LengthUnit = "words";

/**
 * Stage `compare`: the baseline and the optimized generator on dev train (its first
 * `compare.trainSample` examples when set) and holdout, every reply judged by the optimized judge; pass rates with intervals, McNemar and the paired
 * bootstrap, flips joined on conversation id, reply lengths and the judge's length bias, cost;
 * then the holdout replies of both programs labelled by the run's gold model too, to show where
 * the judge and gold disagree (see compare-gold.ts).
 *
 * @example
 * const { generator } = await compareStage(ctx); // generator.holdout.mcnemar.exactPValue
 */
export async function compareStage(ctx: StageContext): Promise<CompareOutput> {
  const splits = await devSplits(ctx);
  const { holdout } = splits;
  const train = splits.train.slice(0, ctx.input.config.compare?.trainSample ?? splits.train.length);
  const { judge, words } = await judgeAsMetric(ctx);
  const optimized = await loadProgram(ctx, requireOutput(ctx, "generator-optimize").programKey);
  const baseline = baselineGenerator();
  const run = (program: typeof baseline, examples: typeof train, label: string) =>
    judgedReplies(ctx, program, judge, examples, label);
  const results = {
    train: {
      baseline: await run(baseline, train, "baseline train"),
      optimized: await run(optimized, train, "optimized train"),
    },
    holdout: {
      baseline: await run(baseline, holdout, "baseline holdout"),
      optimized: await run(optimized, holdout, "optimized holdout"),
    },
  };
  const seed = ctx.input.config.prepare.seed;
  const compare = (split: "train" | "holdout") =>
    comparePrograms(passRecords(results[split].baseline), passRecords(results[split].optimized), {
      seed: `${seed}/compare-${split}`,
    });
  const comparisons = { train: compare("train"), holdout: compare("holdout") };
  const conversations = new Map([...train, ...holdout].map((e) => [e.id ?? "", String(e.get(generatorInput))]));
  const flips = (["train", "holdout"] as const).flatMap((split) =>
    flipsOf(split, comparisons[split].flips, results[split], conversations),
  );
  const { baseline: before, optimized: after } = results.holdout;
  const rate = (value: number | null) => (value === null ? "n/a" : value.toFixed(3));
  ctx.note(
    `holdout pass rate ${rate(comparisons.holdout.baseline.value)} → ${rate(comparisons.holdout.candidate.value)}, McNemar p ${comparisons.holdout.mcnemar.exactPValue.toPrecision(3)}`,
  );
  const goldSkipped = goldJudgeSkipReason(ctx);
  const checked = goldSkipped === undefined ? await goldJudgeOf(ctx, results.holdout, conversations) : undefined;
  const gold = checked?.gold;
  if (gold) ctx.note(gold.verdict);
  if (checked?.failureModes.notRun) ctx.note(`failure modes not run: ${checked.failureModes.notRun}`);
  return {
    generator: {
      metric: words,
      train: comparisons.train,
      holdout: comparisons.holdout,
      length: {
        unit: lengthUnit,
        split: "holdout",
        baseline: lengths(before),
        optimized: lengths(after),
        bias: lengthBias(
          [...before.byId.values(), ...after.byId.values()].map((v) => ({ response: v.reply, verdict: v.verdict })),
          { unit: lengthUnit },
        ),
      },
      cost: { baseline: before.spend, optimized: after.spend },
      ...(gold && { gold }),
      ...(checked && { failureModes: checked.failureModes }),
    },
    flips: { total: flips.length, examples: flips.slice(0, maxListedFlips) },
    ...(goldSkipped !== undefined && { goldSkipped }),
  };
}

function flipsOf(
  split: "train" | "holdout",
  flips: { failToPass: readonly string[]; passToFail: readonly string[] },
  judged: { baseline: JudgedReplies; optimized: JudgedReplies },
  conversations: Map<string, string>,
): FlipData[] {
  const flip = (id: string, direction: FlipData["direction"]): FlipData[] => {
    const before = judged.baseline.byId.get(id);
    const after = judged.optimized.byId.get(id);
    if (!before || !after) return [];
    return [{ id, split, direction, transcript: conversations.get(id) ?? "", baseline: before, optimized: after }];
  };
  return [
    ...flips.failToPass.flatMap((id) => flip(id, "fail-to-pass")),
    ...flips.passToFail.flatMap((id) => flip(id, "pass-to-fail")),
  ];
}

function lengths(judged: JudgedReplies): LengthsData {
  const values = [...judged.byId.values()].map((v) => responseLength(v.reply, lengthUnit));
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? null
      : sorted.length % 2 === 1
        ? (sorted[middle] ?? 0)
        : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const mean = values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, median, values };
}
