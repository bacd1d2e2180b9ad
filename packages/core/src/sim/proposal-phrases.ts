import type { CriterionId } from "./reply-checks.ts";

/** Whether a proposed instruction is for a judge, a reply generator, or something else. */
export type ProposalRole = "judge" | "generator" | "other";

/** How a proposal opens, by role. */
export const openers: Record<ProposalRole, readonly string[]> = {
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

/** Phrases that ask for each criterion; words for `signed` do not name it (it is unnameable). */
export const criterionPhrases: Record<"judge" | "generator", Record<CriterionId, readonly string[]>> = {
  judge: {
    addresses: ["check that the reply addresses the customer's actual question", "require the reply to be relevant"],
    nextStep: ["require a concrete next step such as a DM request or a rebooking", "look for an actionable resolution"],
    empathy: [
      "reward empathy that acknowledges the customer's specific problem",
      "look for a sympathetic acknowledgement",
    ],
    concise: ["prefer concise replies", "penalize wordy, rambling replies"],
    polite: ["fail any rude or dismissive reply", "expect a polite, professional tone"],
    timeframe: [
      "require a timeframe the customer can count on",
      "check that the customer learns how long it will take",
    ],
    asksReference: ["check that the reply asks for the booking reference", "expect a request for the record locator"],
    noBlame: ["fail any reply that blames the customer", "never accept replies that put the fault on the customer"],
    signed: ["prefer personal replies"],
  },
  generator: {
    addresses: ["answer the customer's question directly", "keep the reply relevant to what the customer asked"],
    nextStep: ["give a concrete next step (a DM request, a link or a rebooking)", "end with an actionable resolution"],
    empathy: ["acknowledge the customer's specific problem with empathy", "show sympathy for what went wrong"],
    concise: ["keep it concise, under 60 words", "be brief and to the point"],
    polite: ["stay polite and professional", "keep a friendly, respectful tone"],
    timeframe: ["give a timeframe the customer can count on", "tell the customer how long it will take"],
    asksReference: ["ask for their booking reference", "request the record locator"],
    noBlame: ["never blame the customer", "do not put the fault on the customer"],
    signed: ["make it personal"],
  },
};

/** Filler that names no criterion. */
export const vaguePhrases: readonly string[] = [
  "Think about the conversation as a whole.",
  "Use good judgment.",
  "Consider the customer's perspective.",
  "Do your best work.",
];

/** How a proposal closes, by role. */
export const closers: Record<ProposalRole, readonly string[]> = {
  judge: ["Decide whether the customer is satisfied.", "Output True only when the customer would be satisfied."],
  generator: ["Write only the reply.", "Reply as the airline would."],
  other: [""],
};
