import type { Dice } from "./dice.ts";
import { topicNouns, topics } from "./lexicon.ts";
import type { SimModelProfile } from "./model-profile.ts";
import {
  answersByTopic,
  fillSlots,
  genericEmpathy,
  nextStepsByTopic,
  signatures,
  specificEmpathy,
  timeframes,
} from "./reply-phrases.ts";

/** One turn as the synthesis prompt asks for it. */
export interface SimTurn {
  role: "Customer" | "Support";
  text: string;
}

/** What the synthesis prompt gives: see data/synthesis-plan.ts. */
export interface SynthesisRequest {
  company: string;
  seedQuestion: string;
  turnCount: number;
  customerStyle: string;
}

/** Customer turns after the first: they react to Support, so the conversation moves on. */
const followUps: readonly string[] = [
  "Thanks, I just sent you a DM with my confirmation number.",
  "I already did that yesterday and nobody got back to me.",
  "It's been three days now, can you give me an actual update?",
  "OK, the record locator is in your DMs. How long will this take?",
  "That doesn't really answer my question about the {noun}.",
  "Appreciate the quick reply! Do I need to do anything at the airport?",
  "I was told something different on the phone, which one is right?",
  "Done. Please let me know as soon as you hear anything.",
];

/** Closing customer turns, for conversations long enough to end. */
const closings: readonly string[] = [
  "Got it, thank you for the help!",
  "Thanks, that's all I needed.",
  "Fine. I hope it gets sorted this time.",
];

/** Support's later turns: acknowledge, then say what happens next. */
const supportFollowUps: readonly string[] = [
  "Thanks for sending that over, we found your reservation.",
  "We see your message and have passed it to the {noun} team.",
  "Thanks for your patience while we look into your {noun}.",
  "We understand, and we're sorry for the mixed information.",
];

const styleOpeners: Readonly<Record<string, string>> = {
  frustrated: "Seriously?",
  hurry: "Quick question:",
  sarcastic: "Great service as always.",
  chatty: "Hi there! Long story short:",
};

/**
 * The simulated answer to the synthesis prompt: a support conversation that opens with the seed
 * question and alternates Customer and Support turns, built from the world's reply phrases for
 * the question's topic. Choices come from the sample seed, so another rollout writes another
 * conversation. A weaker model sometimes breaks a rule (support first, an empty turn, two turns
 * in a row by one side, one turn too many), as real models do, which the checks then catch.
 *
 * @example
 * simulateConversation({ company: "Delta", seedQuestion: "Where is my bag?", turnCount: 2, customerStyle: "polite" }, profile, dice);
 */
export function simulateConversation(request: SynthesisRequest, profile: SimModelProfile, dice: Dice): SimTurn[] {
  const rng = dice.sampled("synthesize");
  const topic = Object.keys(topics).find((name) => topics[name]?.test(request.seedQuestion)) ?? "default";
  const noun = topicNouns[topic] ?? "request";
  const count = Math.max(1, Math.min(40, Math.round(request.turnCount) || 2));
  const turns: SimTurn[] = [];
  for (let index = 0; index < count; index++) {
    if (index === 0) turns.push({ role: "Customer", text: openingTurn(request, rng.pick.bind(rng)) });
    else if (index % 2 === 1) turns.push({ role: "Support", text: supportTurn(index, topic, noun, request, rng) });
    else {
      const last = index === count - 1 && count > 3;
      turns.push({ role: "Customer", text: fillSlots(rng.pick(last ? closings : followUps), { noun }) });
    }
  }
  return maybeFlawed(turns, profile, dice);
}

function openingTurn(request: SynthesisRequest, pick: <T>(items: readonly T[]) => T): string {
  const style = Object.keys(styleOpeners).find((word) => request.customerStyle.includes(word));
  const opener = style === undefined ? "" : `${styleOpeners[style]} `;
  const handle = `@${request.company.replace(/[^\p{L}\p{N}]/gu, "")}`;
  return `${pick([handle, ""]) === "" ? "" : `${handle} `}${opener}${request.seedQuestion}`.trim();
}

function supportTurn(
  index: number,
  topic: string,
  noun: string,
  request: SynthesisRequest,
  rng: { pick<T>(items: readonly T[]): T; next(): number },
): string {
  const parts =
    index === 1
      ? [
          fillSlots(rng.pick(rng.next() < 0.6 ? specificEmpathy : genericEmpathy), { noun }),
          rng.pick(answersByTopic[topic] ?? answersByTopic.booking ?? [""]),
          rng.pick(nextStepsByTopic[topic] ?? nextStepsByTopic.default ?? [""]),
        ]
      : [fillSlots(rng.pick(supportFollowUps), { noun }), rng.pick(timeframes)];
  const signature = rng.next() < 0.5 ? ` ${rng.pick(signatures)}` : "";
  return `${parts.filter(Boolean).join(" ")}${signature}`.replace(/\{company\}/g, request.company);
}

/** The chance a model breaks a rule: a fifth of the time for the weakest, never for the strongest. */
function maybeFlawed(turns: SimTurn[], profile: SimModelProfile, dice: Dice): SimTurn[] {
  const rng = dice.sampled("synthesize-flaw");
  if (rng.next() >= 0.2 * (1 - profile.strength)) return turns;
  const flaw = rng.pick(["support_first", "empty_turn", "same_role", "extra_turn"] as const);
  const copy = turns.map((turn) => ({ ...turn }));
  if (flaw === "support_first") return [{ role: "Support", text: "Hi! How can we help you today?" }, ...copy];
  if (flaw === "empty_turn" && copy.length > 0)
    copy[copy.length - 1] = { role: copy.at(-1)?.role ?? "Support", text: "" };
  if (flaw === "same_role") copy.push({ role: copy.at(-1)?.role ?? "Customer", text: "Hello?" });
  if (flaw === "extra_turn") copy.push(...copy.slice(-2));
  return copy;
}
