import type { Dice } from "./dice.ts";
import { criterionStances } from "./instruction-reading.ts";
import { stopwords, verbosityPattern } from "./lexicon.ts";
import type { SimModelProfile } from "./model-profile.ts";
import type { PromptDemo } from "./prompt-reader.ts";
import type { Criterion } from "./reply-checks.ts";
import { type CriterionId, checkReply, priorCriteria, topicNoun, topicsOf } from "./reply-checks.ts";
import {
  answersByTopic,
  blaming,
  dismissive,
  fillers,
  fillSlots,
  genericEmpathy,
  nextStepsByTopic,
  offTopic,
  referenceRequests,
  signatures,
  signOffs,
  specificEmpathy,
  timeframes,
} from "./reply-phrases.ts";
import type { SimWorld } from "./sim-world.ts";
import { parseTranscript, pendingCustomerMessage } from "./transcript.ts";
import { defaultWorld } from "./worlds/default-world.ts";

/**
 * How strongly the prompt asks for each quality the reply plans: 1 asked for, -1 asked against,
 * up to 0.6 shown by demos, 0 absent.
 */
export type CriterionAsks = Partial<Record<CriterionId, number>>;

/** [probability when not asked, probability when asked] that a reply meets each criterion. */
const inclusionRange: Readonly<Record<CriterionId, readonly [number, number]>> = {
  addresses: [0.5, 0.92],
  nextStep: [0.3, 0.88],
  empathy: [0.2, 0.82],
  concise: [0.65, 0.92],
  polite: [0.93, 0.99],
  timeframe: [0.15, 0.88],
  asksReference: [0.2, 0.88],
  noBlame: [0.93, 0.99],
  signed: [0.12, 0.85],
};
/** Asked against, a quality keeps this share of its unasked probability. */
const againstShare = 0.15;

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
 * The qualities a reply plans in a world: the prior five (every reply has some tone, length,
 * empathy...) and the world's own criteria.
 *
 * @example
 * plannedCriteria(simWorld("evidence")); // [..., "timeframe", "asksReference", "noBlame"]
 */
export function plannedCriteria(world: SimWorld = defaultWorld): CriterionId[] {
  return [...new Set<CriterionId>([...priorCriteria, ...world.criteria])];
}

/**
 * How much the instructions (and the demos' replies) ask for each planned quality. A negated
 * mention ("no empathy") asks against it; the world's unnameable criteria only demos can show.
 *
 * @example
 * criterionAsks({ guidance: "Be concise.", demos: [], transcriptField: "t", replyField: "r" }).concise; // 1
 */
export function criterionAsks(context: GenerationContext, world: SimWorld = defaultWorld): CriterionAsks {
  const stances = criterionStances(context.guidance);
  const planned = plannedCriteria(world);
  const shown = new Map<CriterionId, number>();
  const assessed = context.demos.flatMap((demo) => {
    const customer = pendingCustomerMessage(demo.inputs[context.transcriptField] ?? "");
    const reply = demo.outputs[context.replyField];
    return customer !== undefined && reply !== undefined ? [checkReply(customer, reply)] : [];
  });
  for (const checks of assessed) for (const c of planned) if (checks[c].met) shown.set(c, (shown.get(c) ?? 0) + 1);
  const ask = (c: CriterionId) => {
    const stance = world.unnameable.includes(c) ? undefined : stances.get(c);
    if (stance !== undefined) return stance;
    return assessed.length === 0 ? 0 : (0.6 * (shown.get(c) ?? 0)) / assessed.length;
  };
  return Object.fromEntries(planned.map((c) => [c, ask(c)]));
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
  world: SimWorld = defaultWorld,
): GeneratedReply {
  const asks = criterionAsks(context, world);
  const include = (c: CriterionId) => {
    const [low, high] = inclusionRange[c];
    const ask = asks[c] ?? 0;
    const base = ask >= 0 ? low + (high - low) * ask : low * againstShare;
    const p = base + (profile.strength - 0.5) * 0.15;
    return dice.chance(`include-${c}`, Math.min(0.98, Math.max(0.02, p)));
  };
  const plan = Object.fromEntries(plannedCriteria(world).map((c) => [c, include(c)])) as Plan;
  const customer = pendingCustomerMessage(transcript) ?? "";
  const slots = replySlots(customer, parseTranscript(transcript).company, dice);
  const wordy = verbosityPattern.test(context.guidance) && (asks.concise ?? 0) < 1 ? 0.3 : 0;
  const length = plan.concise ? "fits" : dice.chance("too-long", 0.75 + wordy) ? "long" : "short";
  const reply = length === "short" ? terseReply(plan, slots, dice) : composeReply(plan, slots, length === "long", dice);
  return { reply, reasoning: planReasoning(plan, slots.noun), asks };
}

/** Which qualities the reply will have: the prior five always, the world's own when it has them. */
type Plan = Record<Criterion, boolean> & Partial<Record<CriterionId, boolean>>;

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

function composeReply(plan: Plan, slots: Slots, long: boolean, dice: Dice): string {
  const fill = (bank: readonly string[], label: string) => fillSlots(dice.pick(label, bank), slots);
  const sentences: string[] = [];
  if (plan.empathy) sentences.push(fill(specificEmpathy, "empathy"));
  else if (dice.chance("generic-empathy", 0.5)) sentences.push(fill(genericEmpathy, "empathy"));
  if (plan.addresses) sentences.push(answerSentence(slots, dice));
  else sentences.unshift(fill(offTopic, "off-topic"));
  if (plan.nextStep)
    sentences.push(fill(nextStepsByTopic[slots.topic ?? ""] ?? nextStepsByTopic.default ?? [], "step"));
  if (plan.timeframe) sentences.push(fill(timeframes, "timeframe"));
  if (plan.asksReference) sentences.push(fill(referenceRequests, "reference"));
  if (plan.noBlame === false) sentences.push(fill(blaming, "blame"));
  if (!plan.polite) sentences.push(fill(dismissive, "dismissive"));
  if (long) for (const filler of dice.random("fillers").sample(fillers, 4)) sentences.push(fillSlots(filler, slots));
  sentences.push(fill(signOffs, "sign-off"));
  return signed(sentences.filter((s) => s !== "").join(" "), plan, dice);
}

/** Appends an agent's signature when the plan has one. */
function signed(reply: string, plan: Plan, dice: Dice): string {
  return plan.signed ? `${reply} ${dice.pick("signature", signatures)}` : reply;
}

function answerSentence(slots: Slots, dice: Dice): string {
  const bank = slots.topic !== undefined ? answersByTopic[slots.topic] : undefined;
  if (bank) return fillSlots(dice.pick("answer", bank), slots);
  return `Regarding your ${slots.noun} and ${slots.otherNoun} question, we're glad to help with that.`;
}

/** A reply under the concise band: one short sentence that keeps the chosen qualities it can. */
function terseReply(plan: Plan, slots: Slots, dice: Dice): string {
  if (!plan.polite) return "Not our problem.";
  if (plan.nextStep) return signed(plan.addresses ? `DM us about your ${slots.noun}.` : "Please DM us.", plan, dice);
  return signed(plan.addresses ? `Sorry about your ${slots.noun}.` : "Thanks for reaching out!", plan, dice);
}

function planReasoning(plan: Plan, noun: string): string {
  const steps = [
    plan.empathy ? `acknowledge the ${noun} problem` : undefined,
    plan.addresses ? `answer the ${noun} question directly` : undefined,
    plan.nextStep ? "give a concrete next step" : undefined,
    plan.concise ? "keep it brief" : undefined,
  ].filter((s) => s !== undefined);
  const intent = steps.length > 0 ? steps.join(", ") : "reply in general terms";
  return `The customer is writing about their ${noun}. I will ${intent}.`;
}
