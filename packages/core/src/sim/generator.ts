import type { Dice } from "./dice.ts";
import { stopwords, verbosityPattern } from "./lexicon.ts";
import type { SimModelProfile } from "./model-profile.ts";
import type { PromptDemo } from "./prompt-reader.ts";
import {
  answersByTopic,
  dismissive,
  fillers,
  fillSlots,
  genericEmpathy,
  nextStepsByTopic,
  offTopic,
  signOffs,
  specificEmpathy,
} from "./reply-phrases.ts";
import { parseTranscript, pendingCustomerMessage } from "./transcript.ts";
import { assessReply, type Criterion, criteria, criteriaNamedIn, topicNoun, topicsOf } from "./world.ts";

/** How strongly the prompt asks for each criterion: 1 named, up to 0.6 shown by demos, 0 absent. */
export type CriterionAsks = Record<Criterion, number>;

/** [probability when not asked, probability when asked] that a reply meets each criterion. */
const inclusionRange: Readonly<Record<Criterion, readonly [number, number]>> = {
  addresses: [0.5, 0.92],
  nextStep: [0.3, 0.88],
  empathy: [0.2, 0.82],
  concise: [0.65, 0.92],
  polite: [0.93, 0.99],
};

export interface GenerationContext {
  guidance: string;
  demos: readonly PromptDemo[];
  transcriptField: string;
  replyField: string;
}

export interface GeneratedReply {
  reply: string;
  reasoning: string;
  asks: CriterionAsks;
}

/**
 * How much the instructions (and the demos' replies) ask for each quality.
 *
 * @example
 * criterionAsks({ guidance: "Be concise.", demos: [], transcriptField: "t", replyField: "r" }).concise; // 1
 */
export function criterionAsks(context: GenerationContext): CriterionAsks {
  const named = criteriaNamedIn(context.guidance);
  const shown = Object.fromEntries(criteria.map((c) => [c, 0])) as CriterionAsks;
  const assessed = context.demos.flatMap((demo) => {
    const customer = pendingCustomerMessage(demo.inputs[context.transcriptField] ?? "");
    const reply = demo.outputs[context.replyField];
    return customer !== undefined && reply !== undefined ? [assessReply(customer, reply)] : [];
  });
  for (const truth of assessed) for (const c of criteria) if (truth.criteria[c].met) shown[c] += 1;
  return Object.fromEntries(
    criteria.map((c) => [c, named.has(c) ? 1 : assessed.length === 0 ? 0 : (0.6 * shown[c]) / assessed.length]),
  ) as CriterionAsks;
}

/**
 * A simulated support reply to the transcript's pending customer message. Each quality is
 * included with a probability that rises with how much the prompt asks for it and with the
 * model's strength.
 *
 * @example
 * simulateReply(transcript, simModelProfile("sim/strong"), context, dice).reply;
 */
export function simulateReply(
  transcript: string,
  profile: SimModelProfile,
  context: GenerationContext,
  dice: Dice,
): GeneratedReply {
  const asks = criterionAsks(context);
  const include = (c: Criterion) => {
    const [low, high] = inclusionRange[c];
    const p = low + (high - low) * asks[c] + (profile.strength - 0.5) * 0.15;
    return dice.chance(`include-${c}`, Math.min(0.98, Math.max(0.02, p)));
  };
  const plan = Object.fromEntries(criteria.map((c) => [c, include(c)])) as Record<Criterion, boolean>;
  const customer = pendingCustomerMessage(transcript) ?? "";
  const slots = replySlots(customer, parseTranscript(transcript).company, dice);
  const wordy = verbosityPattern.test(context.guidance) && asks.concise < 1 ? 0.3 : 0;
  const length = plan.concise ? "fits" : dice.chance("too-long", 0.75 + wordy) ? "long" : "short";
  const reply = length === "short" ? terseReply(plan, slots) : composeReply(plan, slots, length === "long", dice);
  return { reply, reasoning: planReasoning(plan, slots.noun), asks };
}

type Slots = {
  company: string;
  /** The customer's topic noun, or one of their own words when no topic matched. */
  noun: string;
  /** A second customer word, so an answer without a topic still echoes the question. */
  otherNoun: string;
  topic: string | undefined;
};

function replySlots(customer: string, company: string | undefined, dice: Dice): Slots {
  const topic = topicsOf(customer)[0];
  const words = customer
    .replace(/https?:\/\/\S+|@\w+/g, " ")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 5 && !stopwords.has(w));
  const [first, second] = dice.random("nouns").sample([...new Set(words)], 2);
  const noun = topic !== undefined ? topicNoun(topic) : (first ?? "request");
  return { company: company ?? "us", noun, otherNoun: second ?? "travel", topic };
}

function composeReply(plan: Record<Criterion, boolean>, slots: Slots, long: boolean, dice: Dice): string {
  const fill = (bank: readonly string[], label: string) => fillSlots(dice.pick(label, bank), slots);
  const sentences: string[] = [];
  if (plan.empathy) sentences.push(fill(specificEmpathy, "empathy"));
  else if (dice.chance("generic-empathy", 0.5)) sentences.push(fill(genericEmpathy, "empathy"));
  if (plan.addresses) sentences.push(answerSentence(slots, dice));
  else sentences.unshift(fill(offTopic, "off-topic"));
  if (plan.nextStep)
    sentences.push(fill(nextStepsByTopic[slots.topic ?? ""] ?? nextStepsByTopic.default ?? [], "step"));
  if (!plan.polite) sentences.push(fill(dismissive, "dismissive"));
  if (long) for (const filler of dice.random("fillers").sample(fillers, 4)) sentences.push(fillSlots(filler, slots));
  sentences.push(fill(signOffs, "sign-off"));
  return sentences.filter((s) => s !== "").join(" ");
}

function answerSentence(slots: Slots, dice: Dice): string {
  const bank = slots.topic !== undefined ? answersByTopic[slots.topic] : undefined;
  if (bank) return fillSlots(dice.pick("answer", bank), slots);
  return `Regarding your ${slots.noun} and ${slots.otherNoun} question, we're glad to help with that.`;
}

/** A reply under the concise band: one short sentence that keeps the chosen qualities it can. */
function terseReply(plan: Record<Criterion, boolean>, slots: Slots): string {
  if (!plan.polite) return "Not our problem.";
  if (plan.nextStep) return plan.addresses ? `DM us about your ${slots.noun}.` : "Please DM us.";
  return plan.addresses ? `Sorry about your ${slots.noun}.` : "Thanks for reaching out!";
}

function planReasoning(plan: Record<Criterion, boolean>, noun: string): string {
  const steps = [
    plan.empathy ? `acknowledge the ${noun} problem` : undefined,
    plan.addresses ? `answer the ${noun} question directly` : undefined,
    plan.nextStep ? "give a concrete next step" : undefined,
    plan.concise ? "keep it brief" : undefined,
  ].filter((s) => s !== undefined);
  const intent = steps.length > 0 ? steps.join(", ") : "reply in general terms";
  return `The customer is writing about their ${noun}. I will ${intent}.`;
}
