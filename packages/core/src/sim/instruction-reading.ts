/**
 * How the simulated model reads instructions: which criteria they ask for, and which they ask
 * *against*. Keyword families (lexicon.ts) find the mentions; a mention's sense is then read from
 * the words before it, so "Do not address the question", "Never offer a resolution", "No
 * empathy", "don't apologize" and "avoid next steps" ask for the opposite of the quality they
 * name, while "fail replies that lack empathy" and "never be rude" ask for it.
 */
import { criterionFamilies } from "./lexicon.ts";
import { allCriteria, type CriterionId } from "./reply-checks.ts";

/** +1: the text asks for the criterion; -1: it asks against it. */
export type Stance = 1 | -1;

/** Negations that flip the mention right after them (within a few words). */
const negation =
  /^(not|no|never|without|avoid\w*|don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|won'?t|can'?t|cannot|lack\w*|missing|absent|refrain|skip|stop|unless|neither|nor|none|zero|omit\w*)$/i;
/** Words that reject what follows them anywhere in the clause: "fail any reply that ...". */
const rejection = /^(fail|fails|failing|penali[sz]e\w*|reject\w*|punish\w*|flag|downgrade\w*|deduct\w*|disqualif\w*)$/i;
/** Words after which a failure word is an order: "be rude", "blame the customer". */
const imperative = /^(be|sound|act|get|become)$/i;
/** Failure words that are orders when they open a sentence: "Blame the customer." */
const orderVerb = /^(blame|accuse|fault)$/i;
/** Words that end a negation's reach: "don't apologize and address the question". */
const scopeBreak = /^(and|but|then|so|while|also|yet|however)$/i;
const negationReach = 4;

interface Mention {
  criterion: CriterionId;
  /** True for a failure word ("rude"), false for a quality word ("polite"). */
  failure: boolean;
  /** Words of the clause before the mention. */
  before: string[];
  /** True when the clause opens a sentence (not a part after a comma). */
  opensSentence: boolean;
  word: string;
}

/**
 * The criteria the text asks for (+1) or against (-1). A criterion whose mentions disagree
 * (as many for as against) is left out.
 *
 * @example
 * criterionStances("Do not address the question. Be concise."); // Map { "addresses" => -1, "concise" => 1 }
 */
export function criterionStances(text: string): Map<CriterionId, Stance> {
  const totals = new Map<CriterionId, number>();
  for (const mention of mentionsIn(text)) {
    totals.set(mention.criterion, (totals.get(mention.criterion) ?? 0) + stanceOf(mention));
  }
  const stances = new Map<CriterionId, Stance>();
  for (const criterion of allCriteria) {
    const total = totals.get(criterion) ?? 0;
    if (total !== 0) stances.set(criterion, total > 0 ? 1 : -1);
  }
  return stances;
}

/**
 * The criteria the text mentions at all, whichever way: what a critique, a demo's reasoning or
 * a feedback line talks about ("it offers no concrete next step" mentions nextStep), in the
 * order of `allCriteria`.
 *
 * @example
 * criteriaMentionedIn("It gives no timeframe."); // Set { "timeframe" }
 */
export function criteriaMentionedIn(text: string): Set<CriterionId> {
  const mentioned = new Set(mentionsIn(text).map((m) => m.criterion));
  return new Set(allCriteria.filter((c) => mentioned.has(c)));
}

/**
 * The criteria the text asks for, in `among`'s order.
 *
 * @example
 * criteriaAskedFor("No empathy. Be brief.", ["empathy", "concise"]); // ["concise"]
 */
export function criteriaAskedFor<C extends CriterionId>(text: string, among: readonly C[]): C[] {
  const stances = criterionStances(text);
  return among.filter((c) => stances.get(c) === 1);
}

function stanceOf(mention: Mention): Stance {
  const flips = flipsBefore(mention.before);
  if (!mention.failure) return flips % 2 === 0 ? 1 : -1;
  // A failure word names the quality as something to avoid, unless it is an order ("be rude",
  // "Blame the customer.").
  const ordered =
    mention.before.length === 0
      ? mention.opensSentence && orderVerb.test(mention.word)
      : imperative.test(mention.before.at(-1) ?? "");
  if (flips === 0) return ordered ? -1 : 1;
  return flips % 2 === 1 ? 1 : -1;
}

/**
 * One flip when the clause rejects ("fail any reply that..."), however often it says so, plus
 * one per negation just before the mention ("fails to" counts as a negation there).
 */
function flipsBefore(before: readonly string[]): number {
  let negations = 0;
  let rejected = false;
  let inReach = true;
  for (let i = before.length - 1; i >= 0; i--) {
    const word = before[i] ?? "";
    const failsTo = /^fail(s|ing|ed)?$/i.test(word) && /^to$/i.test(before[i + 1] ?? "");
    if (rejection.test(word) && !failsTo) rejected = true;
    else if (inReach && scopeBreak.test(word)) inReach = false;
    else if (inReach && before.length - i <= negationReach && (failsTo || negation.test(word))) negations++;
  }
  return negations + (rejected ? 1 : 0);
}

function mentionsIn(text: string): Mention[] {
  const mentions: Mention[] = [];
  const clauses = text
    .split(/[.!?;:\n]+/)
    .flatMap((s) => s.split(",").map((clause, i) => ({ clause, opens: i === 0 })));
  for (const { clause, opens } of clauses) {
    for (const criterion of allCriteria) {
      const family = criterionFamilies[criterion];
      if (family === undefined) continue;
      for (const [pattern, failure] of [
        [family.good, false],
        [family.bad, true],
      ] as const) {
        if (pattern === undefined) continue;
        for (const match of clause.matchAll(pattern)) {
          mentions.push({
            criterion,
            failure,
            before: wordsOf(clause.slice(0, match.index)),
            opensSentence: opens,
            word: match[0],
          });
        }
      }
    }
  }
  return mentions;
}

function wordsOf(text: string): string[] {
  return text
    .replace(/\u2019/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w !== "");
}
