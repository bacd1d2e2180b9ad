import { JudgeloopError } from "../errors.ts";
import { comparePrograms, type PassRecord } from "../metrics/paired.ts";

export interface PromotionOptions {
  /** Significance level of McNemar's exact test, in (0, 1); e.g. 0.05. */
  alpha: number;
  /** Seeds the paired bootstrap that `comparePrograms` also reports; default "promotion". */
  seed?: string | number;
}

/** Promote or keep, with the numbers behind it and a sentence a person can read. */
export interface PromotionDecision {
  readonly promote: boolean;
  readonly reason: string;
  /** Holdout examples scored for both programs; every number below is over these. */
  readonly n: number;
  readonly championPasses: number;
  readonly challengerPasses: number;
  /** McNemar's discordant counts: b = champion passed and challenger failed, c = the reverse. */
  readonly b: number;
  readonly c: number;
  /** Two-sided exact McNemar p-value. */
  readonly pValue: number;
  readonly alpha: number;
  /** Examples scored for only one of the two (ignored by the test, reported so none vanish). */
  readonly unmatched: { readonly championOnly: number; readonly challengerOnly: number };
}

/**
 * Decides whether a challenger replaces the champion, from both programs' pass/fail results
 * on the same holdout (joined by example id). It promotes only on a significant win: the
 * challenger passes more of the shared examples and McNemar's exact p-value is below `alpha`.
 * A tie, a loss or an insignificant win keeps the champion; the reason says which.
 *
 * @example
 * const decision = decidePromotion(championResults, challengerResults, { alpha: 0.05 });
 * if (decision.promote) await promote(program, challenger);
 */
export function decidePromotion(
  championResults: readonly PassRecord[],
  challengerResults: readonly PassRecord[],
  options: PromotionOptions,
): PromotionDecision {
  const { alpha } = options;
  if (!Number.isFinite(alpha) || alpha <= 0 || alpha >= 1) {
    throw new JudgeloopError(
      "bad_promotion_options",
      `alpha must be a number between 0 and 1 (exclusive), got ${alpha}`,
    );
  }
  const comparison = comparePrograms(championResults, challengerResults, { seed: options.seed ?? "promotion" });
  const { b, c, exactPValue } = comparison.mcnemar;
  const facts = {
    n: comparison.n,
    championPasses: comparison.baseline.numerator,
    challengerPasses: comparison.candidate.numerator,
    b,
    c,
    pValue: exactPValue,
    alpha,
    unmatched: {
      championOnly: comparison.unmatched.baselineOnly.length,
      challengerOnly: comparison.unmatched.candidateOnly.length,
    },
  };
  const promote = comparison.n > 0 && c > b && exactPValue < alpha;
  return { promote, reason: promotionReason(facts), ...facts };
}

type PromotionFacts = Omit<PromotionDecision, "promote" | "reason">;

function promotionReason(facts: PromotionFacts): string {
  if (facts.n === 0) return "kept the champion: no holdout example was scored for both programs";
  const score = `challenger passed ${facts.challengerPasses}/${facts.n}, champion ${facts.championPasses}/${facts.n}`;
  const test = `McNemar exact p = ${formatP(facts.pValue)}`;
  if (facts.c <= facts.b) return `kept the champion: the challenger did not win (${score})`;
  if (facts.pValue >= facts.alpha) {
    return `kept the champion: the challenger's win is not significant (${score}; ${test} ≥ alpha ${facts.alpha})`;
  }
  return `promoted the challenger: a significant win (${score}; ${test} < alpha ${facts.alpha})`;
}

function formatP(p: number): string {
  return p < 0.0001 ? p.toExponential(2) : String(Number(p.toPrecision(3)));
}

/**
 * A decision to keep the champion without comparing: the challenger run did not succeed
 * (stopped at its budget, failed, cancelled), so there is nothing fair to compare. `reason`
 * says why, for the record.
 *
 * @example
 * keptWithoutComparison("kept the champion: the challenger run stopped at its budget", 0.05);
 */
export function keptWithoutComparison(reason: string, alpha: number): PromotionDecision {
  return {
    promote: false,
    reason,
    n: 0,
    championPasses: 0,
    challengerPasses: 0,
    b: 0,
    c: 0,
    pValue: 1,
    alpha,
    unmatched: { championOnly: 0, challengerOnly: 0 },
  };
}
