import type { Random } from "../util/random.ts";
import type { Dice } from "./dice.ts";
import type { SimModelProfile } from "./model-profile.ts";
import { type Criterion, criteria, criteriaNamedIn, topicNoun, topicsOf } from "./world.ts";

/** Whether a proposed instruction is for a judge, a reply generator, or something else. */
export type ProposalRole = "judge" | "generator" | "other";

const openers: Record<ProposalRole, readonly string[]> = {
  judge: [
    "You are an expert evaluator of airline customer support.",
    "You review customer-support conversations for quality.",
    "As a customer-experience analyst, judge the final support reply in the conversation.",
  ],
  generator: [
    "You are an airline customer-support agent writing the next Support message.",
    "Write the next reply from the airline's support team.",
    "You handle customer messages for an airline on social media.",
  ],
  other: ["Read the inputs carefully and produce the requested outputs.", "Complete the task for each input."],
};

const criterionPhrases: Record<"judge" | "generator", Record<Criterion, readonly string[]>> = {
  judge: {
    addresses: ["check that the reply addresses the customer's actual question", "require the reply to be relevant"],
    nextStep: ["require a concrete next step such as a DM request or a rebooking", "look for an actionable resolution"],
    empathy: [
      "reward empathy that acknowledges the customer's specific problem",
      "look for a sympathetic acknowledgement",
    ],
    concise: ["prefer concise replies", "penalize wordy, rambling replies"],
    polite: ["fail any rude or dismissive reply", "expect a polite, professional tone"],
  },
  generator: {
    addresses: ["answer the customer's question directly", "keep the reply relevant to what the customer asked"],
    nextStep: ["give a concrete next step (a DM request, a link or a rebooking)", "end with an actionable resolution"],
    empathy: ["acknowledge the customer's specific problem with empathy", "show sympathy for what went wrong"],
    concise: ["keep it concise, under 60 words", "be brief and to the point"],
    polite: ["stay polite and professional", "keep a friendly, respectful tone"],
  },
};

const vaguePhrases: readonly string[] = [
  "Think about the conversation as a whole.",
  "Use good judgment.",
  "Consider the customer's perspective.",
  "Do your best work.",
];

const closers: Record<ProposalRole, readonly string[]> = {
  judge: ["Decide whether the customer is satisfied.", "Output True only when the customer would be satisfied."],
  generator: ["Write only the reply.", "Reply as the airline would."],
  other: [""],
};

/**
 * A plausible proposed instruction, built from the prompt's own content and a phrase bank. It
 * names a random subset of the quality criteria (stronger proposers and criteria that scored well
 * in `previous_instructions` are named more often), so some proposals are better than others.
 *
 * @example
 * simulateProposal(promptText, "Judge the transcript.", simModelProfile("sim/strong"), dice);
 */
export function simulateProposal(
  promptText: string,
  currentInstruction: string,
  profile: SimModelProfile,
  dice: Dice,
): string {
  const role = proposalRole(`${currentInstruction}\n${currentInstruction}\n${currentInstruction}\n${promptText}`);
  const rng = dice.sampled("proposal");
  const previouslyNamed = criteriaNamedIn(previousBestInstruction(promptText));
  const tipShift = /\b(detail|specific|thorough)/i.test(promptText)
    ? 0.1
    : /\b(short|simple)/i.test(promptText)
      ? -0.1
      : 0;
  const named = criteria.filter((c) => {
    const p = 0.3 + 0.3 * profile.strength + (previouslyNamed.has(c) ? 0.15 : 0) + tipShift;
    return rng.next() < p;
  });
  const parts = [rng.pick(openers[role])];
  if (role !== "other" && named.length > 0) parts.push(criteriaSentence(role, named, rng));
  if (named.length < 2 || rng.next() < 0.3) parts.push(rng.pick(vaguePhrases));
  parts.push(rng.pick(closers[role]));
  return parts.filter((p) => p !== "").join(" ");
}

/**
 * A plausible summary of the data or program the prompt shows: which companies, which topics.
 *
 * @example
 * simulateSummary("Company: Delta ... my bag ...", dice); // "The examples are customer-support conversations ..."
 */
export function simulateSummary(promptText: string, dice: Dice): string {
  const companies = [...new Set([...promptText.matchAll(/Company:\s*([^\n]+)/g)].map((m) => (m[1] ?? "").trim()))];
  const topicList = topicsOf(promptText).map(topicNoun);
  const subject =
    companies.length > 0
      ? `customer-support conversations with ${companies.slice(0, 3).join(", ")}`
      : /Customer:/.test(promptText)
        ? "customer-support conversations"
        : "short text examples";
  const themes = topicList.length > 0 ? ` Customers mostly write about ${topicList.slice(0, 4).join(", ")}.` : "";
  const remark = dice.pick("summary-remark", [
    " Replies vary in length and tone.",
    " Many messages are informal and some are angry.",
    " The support turns are short social-media replies.",
  ]);
  return `The examples are ${subject}.${themes}${remark}`;
}

/**
 * Judge, generator or other: whichever vocabulary the proposer's prompt uses more.
 *
 * @example
 * proposalRole("Write the next support reply."); // "generator"
 */
export function proposalRole(promptText: string): ProposalRole {
  const count = (pattern: RegExp) => [...promptText.matchAll(pattern)].length;
  const judging = count(/\b(judge\w*|evaluat\w*|satisf\w*|verdict|grade|assess\w*)\b/gi);
  const replying = count(/\b(reply|replies|respond|response|write|support agent)\b/gi);
  if (judging === 0 && replying === 0) return "other";
  return judging >= replying ? "judge" : "generator";
}

function criteriaSentence(role: "judge" | "generator", named: readonly Criterion[], rng: Random): string {
  const phrases = rng.shuffle(named).map((c) => rng.pick(criterionPhrases[role][c]));
  const list = phrases.length === 1 ? phrases[0] : `${phrases.slice(0, -1).join(", ")} and ${phrases.at(-1)}`;
  const lead = role === "judge" ? "When judging," : "In your reply,";
  return `${lead} ${list}.`;
}

/** The instruction with the highest score in an "Instruction: ... Score: x" history, if any. */
function previousBestInstruction(promptText: string): string {
  const entries = [...promptText.matchAll(/Instruction(?: #\d+)?:\s*([^\n]+)\n\s*Score:\s*([\d.]+)/gi)];
  const best = entries.sort((a, b) => Number(b[2]) - Number(a[2]))[0];
  return best?.[1] ?? "";
}
