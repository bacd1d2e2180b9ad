/**
 * The simulated world: what makes a support reply good, decided from observable text alone.
 *
 * A reply (the last `Support:` turn of a transcript) is scored against the customer turns just
 * before it on five criteria, each detected by the word lists in lexicon.ts:
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
 * The true verdict ("satisfied") is: polite AND weighted score >= 0.75. So a polite reply that
 * addresses the question passes with a next step, or with specific empathy; missing the point
 * always fails. This truth is what simulated judges agree or disagree with, and what simulated
 * generators get closer to when their instructions ask for these criteria.
 */
import {
  criterionKeywords,
  empathyPattern,
  nextStepPattern,
  rudePattern,
  stopwords,
  topicNouns,
  topics,
} from "./lexicon.ts";
import { lastExchange, normalizeQuotes } from "./transcript.ts";

export type Criterion = "addresses" | "nextStep" | "empathy" | "concise" | "polite";

/** The criteria in the order critiques mention them. */
export const criteria: readonly Criterion[] = ["addresses", "nextStep", "empathy", "concise", "polite"];

export const criterionWeights: Readonly<Record<Criterion, number>> = {
  addresses: 0.3,
  nextStep: 0.25,
  empathy: 0.15,
  concise: 0.1,
  polite: 0.2,
};

/** A polite reply passes when its weighted score reaches this. */
export const passThreshold = 0.75;

/** Inclusive word-count band of a concise reply. */
export const conciseBand = { min: 10, max: 70 } as const;

export interface CriterionCheck {
  met: boolean;
  /** A short clause a critique can quote: "it offers no concrete next step". */
  evidence: string;
}

/**
 * The simulated ground truth for one transcript.
 *
 * @example
 * simulatedTruth("Customer: my bag is lost\nSupport: Sorry about your bag! DM us your bag tag number.").verdict; // true
 */
export interface SimulatedTruth {
  verdict: boolean;
  /** Weighted share of criteria met, in [0, 1]. */
  score: number;
  criteria: Record<Criterion, CriterionCheck>;
  /** Topics the customer raised (keys of `topics` in lexicon.ts). */
  topics: string[];
  replyWords: number;
  /** False when the transcript has no support reply after a customer turn (verdict false). */
  hasReply: boolean;
}

/**
 * Scores the last `Support:` turn of a transcript against the customer turns before it.
 *
 * @example
 * const truth = simulatedTruth(transcript);
 * truth.criteria.nextStep.met; // did the reply offer a concrete next step?
 */
export function simulatedTruth(transcript: string): SimulatedTruth {
  const exchange = lastExchange(transcript);
  if (!exchange) return noReplyTruth();
  return assessReply(exchange.customer, exchange.reply, exchange.company);
}

/**
 * Scores `reply` as an answer to `customer` (both plain text).
 *
 * @example
 * assessReply("Where is my refund?", "We're sorry your refund is late. DM us your confirmation code.").verdict; // true
 */
export function assessReply(customer: string, reply: string, company?: string): SimulatedTruth {
  const customerTopics = topicsOf(customer);
  const ignore = companyWords(company);
  const checks: Record<Criterion, CriterionCheck> = {
    addresses: checkAddresses(customer, reply, customerTopics, ignore),
    nextStep: nextStepPattern.test(normalizeQuotes(reply))
      ? { met: true, evidence: "it offers a concrete next step" }
      : { met: false, evidence: "it offers no concrete next step" },
    empathy: checkEmpathy(customer, reply, customerTopics, ignore),
    concise: checkConcise(reply),
    polite: isRude(reply)
      ? { met: false, evidence: "its tone is dismissive" }
      : { met: true, evidence: "its tone is polite" },
  };
  const score = criteria.reduce((sum, c) => sum + (checks[c].met ? criterionWeights[c] : 0), 0);
  return {
    verdict: checks.polite.met && score >= passThreshold - 1e-9,
    score: Math.round(score * 1000) / 1000,
    criteria: checks,
    topics: customerTopics,
    replyWords: wordCount(reply),
    hasReply: true,
  };
}

/**
 * The criteria whose keyword families appear in `text` (instructions, a rubric, a critique).
 *
 * @example
 * criteriaNamedIn("Be concise and polite."); // Set { "concise", "polite" }
 */
export function criteriaNamedIn(text: string): Set<Criterion> {
  return new Set(criteria.filter((c) => criterionKeywords[c].test(text)));
}

/**
 * Topic keys (baggage, refund, delay...) the text mentions.
 *
 * @example
 * topicsOf("my bag was lost and I want a refund"); // ["baggage", "refund"]
 */
export function topicsOf(text: string): string[] {
  const normalized = normalizeQuotes(text);
  return Object.keys(topics).filter((key) => topics[key]?.test(normalized));
}

/**
 * The noun a reply uses for a topic key.
 *
 * @example
 * topicNoun("baggage"); // "bag"
 */
export function topicNoun(topic: string): string {
  return topicNouns[topic] ?? topic;
}

/**
 * Words with at least one letter or digit (emoji and dashes do not count).
 *
 * @example
 * wordCount("DM us - thanks!"); // 3
 */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Stemmed content words: lowercased, without mentions, links, stopwords and short words.
 *
 * @example
 * contentWords("@AmericanAir my luggage was delayed"); // Set { "luggage", "delay" }
 */
export function contentWords(text: string, ignore: ReadonlySet<string> = new Set()): Set<string> {
  const words = normalizeQuotes(text)
    .toLowerCase()
    .replace(/https?:\/\/\S+|@\w+/g, " ")
    .replace(/'/g, "")
    .split(/[^\p{L}\p{N}]+/u);
  const stems = words.filter((w) => w.length >= 3 && !stopwords.has(w)).map(stem);
  return new Set(stems.filter((s) => !ignore.has(s)));
}

function stem(word: string): string {
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  }
  return word;
}

function checkAddresses(customer: string, reply: string, customerTopics: string[], ignore: Set<string>) {
  const shared = customerTopics.find((t) => topics[t]?.test(normalizeQuotes(reply)));
  if (shared) return { met: true, evidence: `it addresses the customer's ${topicNoun(shared)} question` };
  const asked = contentWords(customer, ignore);
  const overlap = [...contentWords(reply, ignore)].filter((w) => asked.has(w)).length;
  // Short messages have few words to echo, so one shared word is enough there.
  if (overlap >= (asked.size <= 6 ? 1 : 2)) return { met: true, evidence: "it responds to what the customer said" };
  if (customerTopics.length === 0 && asked.size < 3) {
    return { met: true, evidence: "it acknowledges a message that asks nothing specific" };
  }
  const about = customerTopics[0] === undefined ? "message" : `${topicNoun(customerTopics[0])} question`;
  return { met: false, evidence: `it does not address the customer's ${about}` };
}

function checkEmpathy(customer: string, reply: string, customerTopics: string[], ignore: Set<string>) {
  const asked = contentWords(customer, ignore);
  const sentences = normalizeQuotes(reply).split(/(?<=[.!?])\s+|\n+/);
  const empathetic = sentences.filter((s) => empathyPattern.test(s));
  if (empathetic.length === 0) return { met: false, evidence: "it shows no empathy" };
  const specific = empathetic.some(
    (s) => customerTopics.some((t) => topics[t]?.test(s)) || [...contentWords(s, ignore)].some((w) => asked.has(w)),
  );
  return specific
    ? { met: true, evidence: "its empathy is specific to the customer's problem" }
    : { met: false, evidence: "its empathy is generic" };
}

function checkConcise(reply: string): CriterionCheck {
  const words = wordCount(reply);
  if (words < conciseBand.min) return { met: false, evidence: `it is too short (${words} words)` };
  if (words > conciseBand.max) return { met: false, evidence: `it is too long (${words} words)` };
  return { met: true, evidence: `it is concise (${words} words)` };
}

function isRude(reply: string): boolean {
  const shouted = reply.split(/\s+/).filter((w) => /^[A-Z]{4,}[!?.,]*$/.test(w)).length;
  return rudePattern.test(normalizeQuotes(reply)) || shouted >= 3;
}

function companyWords(company: string | undefined): Set<string> {
  return new Set(company ? [...contentWords(company)] : []);
}

function noReplyTruth(): SimulatedTruth {
  const missing = { met: false, evidence: "there is no support reply to judge" };
  const checks = Object.fromEntries(criteria.map((c) => [c, missing])) as Record<Criterion, CriterionCheck>;
  return { verdict: false, score: 0, criteria: checks, topics: [], replyWords: 0, hasReply: false };
}
