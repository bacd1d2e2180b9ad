import type { CriterionCheck, CriterionId } from "./reply-checks.ts";

/**
 * A simulated world: the hidden rule that decides whether a support reply is good, and how
 * instructions and demos move the simulated model toward it. Every world reads the same
 * transcripts with the same checks (reply-checks.ts); they differ in which checks count, how
 * much, the pass rule, and how the simulated model learns them. Nothing of a world is ever
 * written into a prompt or a response: optimizers only see its effects.
 *
 * @example
 * simWorld("evidence").criteria; // ["addresses", "timeframe", "asksReference", "noBlame"]
 */
export interface SimWorld {
  name: string;
  /** One line for people (docs, `sim serve` output); never shown to a simulated model. */
  about: string;
  /** The hidden criteria, in the order critiques mention them. */
  criteria: readonly CriterionId[];
  weights: Readonly<Partial<Record<CriterionId, number>>>;
  /** Criteria instructions cannot name (the model ignores words for them); only demos teach them. */
  unnameable: readonly CriterionId[];
  /** The hidden pass rule, given every check and the weighted score of this world's criteria. */
  passes(checks: Readonly<Record<CriterionId, CriterionCheck>>, score: number): boolean;
  /**
   * How the simulated proposer writes instructions: `prior` names common-sense criteria (the
   * default world's five) from a phrase bank whatever the prompt shows; `evidence` names only
   * criteria that critiques or mislabelled examples in its prompt point to.
   */
  proposer: "prior" | "evidence";
  /**
   * How judge demos act: `labels` (each correctly labelled demo helps a little, each mislabelled
   * one hurts); `agreement` (correct demos help only when they agree with what the instruction
   * asks, conflict hurts, and only agreeing demos teach the unnameable criteria).
   */
  demos: "labels" | "agreement";
  /**
   * An instruction naming this world's nameable criteria, for building datasets (a writer that
   * produces mostly passing replies). Test and benchmark data only; no optimizer sees it.
   */
  writerInstructions: string;
}

/**
 * The weighted share of the world's criteria that `checks` meet, in [0, 1], rounded to 3 places.
 *
 * @example
 * worldScore(simWorld("default"), checkReply(customer, reply)); // 0.75
 */
export function worldScore(world: SimWorld, checks: Readonly<Record<CriterionId, CriterionCheck>>): number {
  const score = world.criteria.reduce((sum, c) => sum + (checks[c].met ? (world.weights[c] ?? 0) : 0), 0);
  return Math.round(score * 1000) / 1000;
}

/**
 * A criterion's weight in the world; 0 for criteria the world does not judge.
 *
 * @example
 * criterionWeight(simWorld("default"), "timeframe"); // 0
 */
export function criterionWeight(world: SimWorld, criterion: CriterionId): number {
  return world.weights[criterion] ?? 0;
}
