import { type AgreementReport, agreementReport } from "../metrics/agreement.ts";
import {
  type BootstrapInterval,
  bootstrapPercentile,
  defaultLevel,
  defaultResamples,
  type Estimate,
} from "../metrics/intervals.ts";
import { type LengthBiasReport, type LengthUnit, lengthBias, responseLength } from "../metrics/length-bias.ts";
import { comparePrograms } from "../metrics/paired.ts";
import type { GoldCheckData, GoldDisagreementData, GoldVerdictData, VerdictData } from "./summary-types.ts";

/** One program's holdout replies: the judge's verdict on each, and the gold verdict where there is one. */
export interface GoldCheckSide {
  judged: ReadonlyMap<string, VerdictData>;
  gold: ReadonlyMap<string, GoldVerdictData>;
}

export interface GoldCheckOptions {
  /** Seeds every bootstrap (the pass-rate differences, the gain gap, kappa). */
  seed: string;
  /** The gold model that labelled replies no SME label covered; null when only SME labels were used. */
  model: string | null;
  unit?: LengthUnit;
  /** Disagreements listed (the counts cover all of them); default 40. */
  maxListed?: number;
  level?: number;
  resamples?: number;
}

const defaultMaxListed = 40;

/**
 * The optimized judge checked against gold on the generator's holdout: gold pass rates of
 * baseline and optimized (paired), the judge's on the same examples, the gap between the two
 * gains with a paired bootstrap interval, judge-vs-gold agreement on each program's replies, the
 * optimized replies they disagree on, and the length bias of judge and gold on those replies.
 * A generator that games its judge (longer, politer, no more useful) gains more on the judge
 * than on gold, and its judge-pass/gold-fail replies are the long ones.
 *
 * @example
 * const check = goldCheck({ baseline, optimized }, { seed: "7/gold-holdout", model: "sim/gold" });
 * check.gainGap.interval?.lower; // > 0: the judge credits more gain than gold does
 */
export function goldCheck(
  sides: { baseline: GoldCheckSide; optimized: GoldCheckSide },
  options: GoldCheckOptions,
): GoldCheckData {
  const unit = options.unit ?? "words";
  const level = options.level ?? defaultLevel;
  const resamples = options.resamples ?? defaultResamples;
  const stats = { seed: options.seed, level, resamples };
  const paired = pairedIds(sides);
  const records = (side: GoldCheckSide, verdictOf: "judge" | "gold") =>
    paired.map((id) => ({
      id,
      pass: verdictOf === "judge" ? (side.judged.get(id)?.verdict ?? false) : (side.gold.get(id)?.verdict ?? false),
    }));
  const gold = comparePrograms(records(sides.baseline, "gold"), records(sides.optimized, "gold"), {
    ...stats,
    seed: `${options.seed}/gold`,
  });
  const judge = comparePrograms(records(sides.baseline, "judge"), records(sides.optimized, "judge"), {
    ...stats,
    seed: `${options.seed}/judge`,
  });
  const both = bothVerdicts(sides.optimized);
  const disagreements = both.filter((item) => item.judge.verdict !== item.gold.verdict);
  const listed = disagreements.map((item) => disagreementOf(item, sides.baseline, unit));
  const gainGap = gainGapOf(sides, paired, { ...stats, seed: `${options.seed}/gap` });
  const check: Omit<GoldCheckData, "verdict"> = {
    labeller: labellerOf(options.model, sides),
    split: "holdout",
    gold,
    judge,
    gainGap,
    agreement: {
      baseline: agreementOf(sides.baseline, { ...stats, seed: `${options.seed}/agreement-baseline` }),
      optimized: agreementOf(sides.optimized, { ...stats, seed: `${options.seed}/agreement-optimized` }),
    },
    disagreements: {
      total: disagreements.length,
      judgePassGoldFail: listed.filter((d) => d.direction === "judge-pass-gold-fail").length,
      judgeFailGoldPass: listed.filter((d) => d.direction === "judge-fail-gold-pass").length,
      examples: listed.slice(0, options.maxListed ?? defaultMaxListed),
    },
    length: {
      unit,
      optimized: lengthBiasOf(both, { unit, level }),
      both: lengthBiasOf([...bothVerdicts(sides.baseline), ...both], { unit, level }),
    },
  };
  return { ...check, verdict: goldVerdictSentence(check) };
}

/**
 * "Optimized replies gained +30.0 pp on the judge and +5.0 pp on gold: …", the plain reading
 * of a gold check, for notes, JSON readers and the report.
 *
 * @example
 * goldVerdictSentence(check); // "Optimized replies gained +30.0 pp on the judge and +5.0 pp on gold: …"
 */
export function goldVerdictSentence(check: Pick<GoldCheckData, "gold" | "judge" | "gainGap">): string {
  const pp = (value: number | null) =>
    value === null ? "n/a" : `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)} pp`;
  const gains = `Optimized replies gained ${pp(check.judge.difference.value)} on the judge and ${pp(check.gold.difference.value)} on gold`;
  const interval = check.gainGap.interval;
  if (interval === null) return `${gains}; too few examples to compare the two gains.`;
  const gap = `gap ${pp(check.gainGap.value)} [${pp(interval.lower)}, ${pp(interval.upper)}]`;
  if (interval.lower > 0) {
    return `${gains}: the judge credits more gain than gold does (${gap}), so the generator may be gaming its judge.`;
  }
  if (interval.upper < 0) return `${gains}: gold credits more gain than the judge does (${gap}).`;
  return `${gains}: the two gains agree (${gap}).`;
}

/** Ids with a judge verdict and a gold verdict for both programs: the examples both gains are measured on. */
function pairedIds(sides: { baseline: GoldCheckSide; optimized: GoldCheckSide }): string[] {
  const complete = (side: GoldCheckSide, id: string) => side.judged.has(id) && side.gold.has(id);
  return [...sides.baseline.judged.keys()].filter(
    (id) => complete(sides.baseline, id) && complete(sides.optimized, id),
  );
}

interface BothVerdicts {
  id: string;
  judge: VerdictData;
  gold: GoldVerdictData;
}

function bothVerdicts(side: GoldCheckSide): BothVerdicts[] {
  return [...side.judged].flatMap(([id, judge]) => {
    const gold = side.gold.get(id);
    return gold === undefined ? [] : [{ id, judge, gold }];
  });
}

/** The judge's length bias and gold's on the same replies. */
function lengthBiasOf(
  items: readonly BothVerdicts[],
  options: { unit: LengthUnit; level: number },
): { judge: LengthBiasReport; gold: LengthBiasReport } {
  return {
    judge: lengthBias(
      items.map((item) => ({ response: item.judge.reply, verdict: item.judge.verdict })),
      options,
    ),
    gold: lengthBias(
      items.map((item) => ({ response: item.judge.reply, verdict: item.gold.verdict })),
      options,
    ),
  };
}

function agreementOf(
  side: GoldCheckSide,
  options: { seed: string; level: number; resamples: number },
): AgreementReport {
  const pairs = bothVerdicts(side).map((item) => ({ predicted: item.judge.verdict, gold: item.gold.verdict }));
  return agreementReport(pairs, options);
}

function disagreementOf(item: BothVerdicts, baseline: GoldCheckSide, unit: LengthUnit): GoldDisagreementData {
  const before = baseline.judged.get(item.id)?.reply;
  return {
    id: item.id,
    direction: item.judge.verdict ? "judge-pass-gold-fail" : "judge-fail-gold-pass",
    length: responseLength(item.judge.reply, unit),
    baselineLength: before === undefined ? null : responseLength(before, unit),
    reply: item.judge.reply,
    judgeCritique: item.judge.critique,
    goldCritique: item.gold.critique,
  };
}

/**
 * Judge gain minus gold gain, resampling whole examples so each keeps its four verdicts
 * together (the paired design of comparePrograms, one level up).
 */
function gainGapOf(
  sides: { baseline: GoldCheckSide; optimized: GoldCheckSide },
  ids: readonly string[],
  options: { seed: string; level: number; resamples: number },
): Estimate<BootstrapInterval> {
  if (ids.length === 0)
    return { value: null, interval: null, reason: "no example has judge and gold verdicts for both programs" };
  const pass = (side: GoldCheckSide, id: string, of: "judge" | "gold") =>
    Number((of === "judge" ? side.judged.get(id)?.verdict : side.gold.get(id)?.verdict) === true);
  const deltas = ids.map(
    (id) =>
      pass(sides.optimized, id, "judge") -
      pass(sides.baseline, id, "judge") -
      (pass(sides.optimized, id, "gold") - pass(sides.baseline, id, "gold")),
  );
  const mean = (sample: readonly number[]) => sample.reduce((sum, d) => sum + d, 0) / sample.length;
  return { value: mean(deltas), interval: bootstrapPercentile(deltas, mean, options) };
}

function labellerOf(
  model: string | null,
  sides: { baseline: GoldCheckSide; optimized: GoldCheckSide },
): GoldCheckData["labeller"] {
  const all = [...sides.baseline.gold.values(), ...sides.optimized.gold.values()];
  const sme = all.filter((g) => g.source === "sme").length;
  return { model, smeLabels: sme, modelLabels: all.length - sme };
}
