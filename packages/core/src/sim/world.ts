/**
 * The simulated truth: whether a support reply is good, decided from observable text alone by a
 * simulated world's hidden rule (sim-world.ts; the worlds are in worlds/).
 *
 * In the `default` world a reply (the last `Support:` turn of a transcript) is scored against the
 * customer turns just before it on five criteria, each detected by the word lists in lexicon.ts:
 *
 * | criterion   | weight | met when the reply...                                                        |
 * |-------------|--------|------------------------------------------------------------------------------|
 * | addresses   | 0.30   | mentions a topic the customer raised (bag, refund, delay...) or reuses two   |
 * |             |        | of the customer's content words (one, when the customer wrote six or fewer); |
 * |             |        | a customer with nothing to ask is answered by any reply                      |
 * | nextStep    | 0.25   | offers a concrete next step: DM us, send your record locator, call, a link,  |
 * |             |        | "we'll rebook you"...                                                        |
 * | empathy     | 0.15   | apologizes or sympathizes in a sentence that names the customer's problem    |
 * |             |        | ("sorry about your bag"); "sorry for any inconvenience" is generic, not met |
 * | concise     | 0.10   | has between 10 and 70 words                                                  |
 * | polite      | 0.20   | contains no dismissive or rude phrase ("not our problem", "calm down")       |
 *
 * The true verdict ("satisfied") is: polite AND weighted score >= 0.75. Other worlds weigh other
 * checks (timeframe, booking reference, blame, signature) under other pass rules.
 */
import { criteriaAskedFor } from "./instruction-reading.ts";
import {
  allCriteria,
  type Criterion,
  type CriterionCheck,
  type CriterionId,
  checkReply,
  priorCriteria,
  topicsOf,
  wordCount,
} from "./reply-checks.ts";
import { type SimWorld, worldScore } from "./sim-world.ts";
import { lastExchange } from "./transcript.ts";
import { defaultWorld } from "./worlds/default-world.ts";

export type { Criterion, CriterionCheck, CriterionId } from "./reply-checks.ts";
export { conciseBand, contentWords, topicNoun, topicsOf, wordCount } from "./reply-checks.ts";

/** The default world's criteria in the order critiques mention them. */
export const criteria: readonly Criterion[] = priorCriteria;

/** The default world's weights. */
export const criterionWeights = defaultWorld.weights as Readonly<Record<Criterion, number>>;

/** In the default world, a polite reply passes when its weighted score reaches this. */
export const passThreshold = 0.75;

/**
 * The simulated ground truth for one transcript in one world.
 *
 * @example
 * simulatedTruth("Customer: my bag is lost\nSupport: Sorry about your bag! DM us your bag tag number.").verdict; // true
 */
export interface SimulatedTruth {
  /** The world whose rule gave this verdict. */
  world: string;
  verdict: boolean;
  /** Weighted share of the world's criteria met, in [0, 1]. */
  score: number;
  /** Every check, including those this world does not count. */
  criteria: Record<CriterionId, CriterionCheck>;
  /** Topics the customer raised (keys of `topics` in lexicon.ts). */
  topics: string[];
  replyWords: number;
  /** False when the transcript has no support reply after a customer turn (verdict false). */
  hasReply: boolean;
}

/**
 * Scores the last `Support:` turn of a transcript against the customer turns before it, by the
 * world's hidden rule (the default world unless given).
 *
 * @example
 * const truth = simulatedTruth(transcript, simWorld("evidence"));
 * truth.criteria.timeframe.met; // did the reply give a timeframe?
 */
export function simulatedTruth(transcript: string, world: SimWorld = defaultWorld): SimulatedTruth {
  const exchange = lastExchange(transcript);
  if (!exchange) return noReplyTruth(world);
  return assessReply(exchange.customer, exchange.reply, exchange.company, world);
}

/**
 * Scores `reply` as an answer to `customer` (both plain text) by the world's rule.
 *
 * @example
 * assessReply("Where is my refund?", "We're sorry your refund is late. DM us your confirmation code.").verdict; // true
 */
export function assessReply(
  customer: string,
  reply: string,
  company?: string,
  world: SimWorld = defaultWorld,
): SimulatedTruth {
  const checks = checkReply(customer, reply, company);
  const score = worldScore(world, checks);
  return {
    world: world.name,
    verdict: world.passes(checks, score),
    score,
    criteria: checks,
    topics: topicsOf(customer),
    replyWords: wordCount(reply),
    hasReply: true,
  };
}

/**
 * The default world's criteria that `text` (instructions, a rubric) asks for. Negations count
 * the other way: "Never offer a resolution" does not ask for a next step.
 *
 * @example
 * criteriaNamedIn("Be concise and polite."); // Set { "concise", "polite" }
 */
export function criteriaNamedIn(text: string): Set<Criterion> {
  return new Set(criteriaAskedFor(text, priorCriteria));
}

function noReplyTruth(world: SimWorld): SimulatedTruth {
  const missing = { met: false, evidence: "there is no support reply to judge" };
  const checks = Object.fromEntries(allCriteria.map((c) => [c, missing])) as Record<CriterionId, CriterionCheck>;
  return { world: world.name, verdict: false, score: 0, criteria: checks, topics: [], replyWords: 0, hasReply: false };
}
