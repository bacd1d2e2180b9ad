import type { Random } from "../util/random.ts";
import type { Dice } from "./dice.ts";
import { criteriaAskedFor } from "./instruction-reading.ts";
import type { SimModelProfile } from "./model-profile.ts";
import { closers, criterionPhrases, openers, type ProposalRole, vaguePhrases } from "./proposal-phrases.ts";
import { type CriterionId, priorCriteria, topicNoun, topicsOf } from "./reply-checks.ts";

export type { ProposalRole } from "./proposal-phrases.ts";

/**
 * A plausible proposed instruction, built from the prompt's own content and a phrase bank. It
 * names a random subset of the prior criteria (the default world's five: what a model assumes
 * about support replies; stronger proposers and criteria that scored well in
 * `previous_instructions` are named more often), so some proposals are better than others.
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
  const previouslyNamed = new Set(criteriaAskedFor(previousBestInstruction(promptText), priorCriteria));
  const tipShift = /\b(detail|specific|thorough)/i.test(promptText)
    ? 0.1
    : /\b(short|simple)/i.test(promptText)
      ? -0.1
      : 0;
  const named = priorCriteria.filter((c) => {
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

/**
 * One sentence asking for each criterion, in random order.
 *
 * @example
 * criteriaSentence("judge", ["timeframe"], rng); // "When judging, require a timeframe for ..."
 */
export function criteriaSentence(role: "judge" | "generator", named: readonly CriterionId[], rng: Random): string {
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
