/**
 * Every observable quality a simulated world can judge a support reply on, each detected from
 * the text alone by the word lists in lexicon.ts. A world (sim-world.ts) picks some of these as
 * its hidden criteria and weighs them; the checks themselves are the same in every world.
 */
import {
  blamePattern,
  empathyPattern,
  nextStepPattern,
  referencePattern,
  rudePattern,
  signaturePattern,
  stopwords,
  timeframePattern,
  topicNouns,
  topics,
} from "./lexicon.ts";
import { normalizeQuotes } from "./transcript.ts";

/** The five criteria of the `default` world, which are also the simulated model's prior. */
export type Criterion = "addresses" | "nextStep" | "empathy" | "concise" | "polite";

/** Every checkable quality: the default five plus those other worlds use. */
export type CriterionId = Criterion | "timeframe" | "asksReference" | "noBlame" | "signed";

/** The default world's criteria, in the order critiques mention them: what a model assumes unprompted. */
export const priorCriteria: readonly Criterion[] = ["addresses", "nextStep", "empathy", "concise", "polite"];

/** Every criterion id, default five first. */
export const allCriteria: readonly CriterionId[] = [
  ...priorCriteria,
  "timeframe",
  "asksReference",
  "noBlame",
  "signed",
];

export interface CriterionCheck {
  met: boolean;
  /** A short clause a critique can quote: "it offers no concrete next step". */
  evidence: string;
}

/** Inclusive word-count band of a concise reply. */
export const conciseBand = { min: 10, max: 70 } as const;

/**
 * Checks `reply` as an answer to `customer` on every criterion.
 *
 * @example
 * checkReply("my bag is lost", "Sorry about your bag! DM us your tag number.").nextStep.met; // true
 */
export function checkReply(customer: string, reply: string, company?: string): Record<CriterionId, CriterionCheck> {
  const customerTopics = topicsOf(customer);
  const ignore = new Set(company ? [...contentWords(company)] : []);
  const text = normalizeQuotes(reply);
  return {
    addresses: checkAddresses(customer, reply, customerTopics, ignore),
    nextStep: verdictOf(
      nextStepPattern.test(text),
      "it offers a concrete next step",
      "it offers no concrete next step",
    ),
    empathy: checkEmpathy(customer, reply, customerTopics, ignore),
    concise: checkConcise(reply),
    polite: verdictOf(!isRude(reply), "its tone is polite", "its tone is dismissive"),
    timeframe: verdictOf(timeframePattern.test(text), "it gives a timeframe", "it gives no timeframe"),
    asksReference: verdictOf(
      referencePattern.test(text),
      "it asks for the booking reference",
      "it does not ask for the booking reference",
    ),
    noBlame: verdictOf(!blamePattern.test(text), "it does not blame the customer", "it blames the customer"),
    signed: verdictOf(signaturePattern.test(text.trim()), "it is signed by the agent", "it is not signed"),
  };
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

function verdictOf(met: boolean, metEvidence: string, unmetEvidence: string): CriterionCheck {
  return { met, evidence: met ? metEvidence : unmetEvidence };
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
