import type { Dice } from "./dice.ts";
import type { SimModelProfile } from "./model-profile.ts";
import type { PromptDemo } from "./prompt-reader.ts";
import { parseVerdict } from "./values.ts";
import {
  type Criterion,
  criteria,
  criteriaNamedIn,
  criterionWeights,
  type SimulatedTruth,
  simulatedTruth,
  topicNoun,
} from "./world.ts";

/** Agreement gained when the instructions name every criterion (scaled by the criteria's weights). */
const coverageBonus = 0.26;
/** Agreement lost when the instructions name no criterion at all. */
const vaguePenalty = 0.06;
const goodDemoBonus = 0.015;
const maxGoodDemoBonus = 0.06;
const badDemoPenalty = 0.035;
const agreementFloor = 0.5;
const agreementCeiling = 0.97;

/** What the judge sees besides the transcript it judges. */
export interface JudgeContext {
  /** The instructions plus output field descriptions. */
  guidance: string;
  demos: readonly PromptDemo[];
  /** Names of the demo fields holding the transcript and the label. */
  transcriptField: string;
  verdictField: string;
}

export interface JudgeAssessment {
  agreement: number;
  /** Criteria the guidance names, then those only the demos' reasoning names. */
  attended: Criterion[];
}

export interface JudgeDecision {
  verdict: boolean;
  critique: string;
  reasoning: string;
  truth: SimulatedTruth;
  agreement: number;
}

/**
 * How likely this judge is to agree with the simulated truth, and which criteria it attends to.
 *
 * @example
 * judgeAssessment(simModelProfile("sim/strong"), context).agreement; // e.g. 0.93
 */
export function judgeAssessment(profile: SimModelProfile, context: JudgeContext): JudgeAssessment {
  const named = criteriaNamedIn(context.guidance);
  const demoText = context.demos.map((d) => Object.values(d.outputs).join(" ")).join(" ");
  const taught = [...criteriaNamedIn(demoText)].filter((c) => !named.has(c));
  const coverage = sumWeights([...named]) + 0.5 * sumWeights(taught);
  const agreement =
    profile.judgeBaseAgreement + coverageBonus * coverage - (named.size === 0 ? vaguePenalty : 0) + demoEffect(context);
  return {
    agreement: Math.min(agreementCeiling, Math.max(agreementFloor, agreement)),
    attended: [...criteria.filter((c) => named.has(c)), ...taught],
  };
}

/**
 * A simulated judge's verdict on `transcript`: the truth with probability `agreement`, flipped
 * otherwise, with a length bias that weaker judges show more.
 *
 * @example
 * simulateJudge(transcript, simModelProfile("sim/weak"), context, dice).verdict;
 */
export function simulateJudge(
  transcript: string,
  profile: SimModelProfile,
  context: JudgeContext,
  dice: Dice,
): JudgeDecision {
  const truth = simulatedTruth(transcript);
  const { agreement, attended } = judgeAssessment(profile, context);
  let verdict = dice.chance("judge-agrees", agreement) ? truth.verdict : !truth.verdict;
  const lengthPush = profile.judgeLengthBias * Math.min(1, Math.max(0, (truth.replyWords - 30) / 50));
  if (!verdict && truth.hasReply && dice.chance("judge-length-bias", lengthPush)) verdict = true;
  const reasons = reasonsFor(verdict, truth, attended, dice);
  const topic = truth.topics[0] === undefined ? "their message" : `their ${topicNoun(truth.topics[0])}`;
  const conclusion = verdict ? "the customer is likely satisfied" : "the customer is likely not satisfied";
  return {
    verdict,
    critique: `${capitalize(reasons.join("; "))}.`,
    reasoning: `The customer wrote about ${topic}. Looking at the last support reply, ${reasons.join(", and ")}. So ${conclusion}.`,
    truth,
    agreement,
  };
}

function demoEffect(context: JudgeContext): number {
  let good = 0;
  let bad = 0;
  for (const demo of context.demos) {
    const transcript = demo.inputs[context.transcriptField];
    const label = parseVerdict(demo.outputs[context.verdictField]);
    if (transcript === undefined || label === undefined) continue;
    if (simulatedTruth(transcript).verdict === label) good++;
    else bad++;
  }
  return Math.min(maxGoodDemoBonus, good * goodDemoBonus) - bad * badDemoPenalty;
}

/** Clauses that justify `verdict`: true evidence when the judge is right, misreadings when wrong. */
function reasonsFor(verdict: boolean, truth: SimulatedTruth, attended: Criterion[], dice: Dice): string[] {
  if (!truth.hasReply) return ["there is no support reply to judge"];
  const focus = attended.length > 0 ? attended : dice.random("judge-focus").sample(criteria, 2);
  const supporting = focus.filter((c) => truth.criteria[c].met === verdict);
  if (supporting.length > 0) return supporting.slice(0, 3).map((c) => truth.criteria[c].evidence);
  const anySupporting = criteria.filter((c) => truth.criteria[c].met === verdict);
  if (anySupporting.length > 0 && verdict) return anySupporting.slice(0, 2).map((c) => truth.criteria[c].evidence);
  return verdict ? ["the reply seems helpful overall"] : [misreading(dice.pick("judge-misreading", focus))];
}

/** What a judge says when it wrongly faults a criterion the reply actually meets. */
function misreading(criterion: Criterion): string {
  const phrases: Record<Criterion, string> = {
    addresses: "it does not really address the customer's question",
    nextStep: "the next step it offers is unclear",
    empathy: "its empathy feels generic",
    concise: "it could be more concise",
    polite: "its tone could be warmer",
  };
  return phrases[criterion];
}

function sumWeights(list: readonly Criterion[]): number {
  return list.reduce((sum, c) => sum + criterionWeights[c], 0);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
