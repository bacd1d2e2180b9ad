import type { Dice } from "./dice.ts";
import { criteriaMentionedIn, criterionStances, type Stance } from "./instruction-reading.ts";
import type { SimModelProfile } from "./model-profile.ts";
import type { PromptDemo } from "./prompt-reader.ts";
import { type CriterionId, priorCriteria, topicNoun } from "./reply-checks.ts";
import { criterionWeight, type SimWorld } from "./sim-world.ts";
import { parseVerdict } from "./values.ts";
import { type SimulatedTruth, simulatedTruth } from "./world.ts";
import { defaultWorld } from "./worlds/default-world.ts";

/** Agreement gained when the instructions ask for every criterion (scaled by the criteria's weights). */
const coverageBonus = 0.26;
/** Agreement lost when the instructions ask for no criterion of the world at all. */
const vaguePenalty = 0.06;
/** Agreement lost per criterion asked for that the world does not judge. */
const distractorCost = 0.025;
const agreementFloor = 0.5;
const agreementCeiling = 0.97;

/** Demo effects: `labels` worlds reward correct labels; `agreement` worlds reward demos that fit the instruction. */
const demoEffects = {
  labels: { good: 0.015, maxGood: 0.06, bad: 0.035, conflict: 0 },
  agreement: { good: 0.02, maxGood: 0.08, bad: 0.035, conflict: 0.05 },
} as const;
/** Agreeing demos needed to learn an unnameable criterion fully. */
const demosToLearn = 4;

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
  /** World criteria the guidance asks for, then those only the demos teach. */
  attended: CriterionId[];
}

export interface JudgeDecision {
  verdict: boolean;
  critique: string;
  reasoning: string;
  truth: SimulatedTruth;
  agreement: number;
}

/**
 * How likely this judge is to agree with the world's truth, and which criteria it attends to.
 * A strength-1 model (`sim/gold`) always agrees: it is the world's oracle.
 *
 * @example
 * judgeAssessment(simModelProfile("sim/strong"), context).agreement; // e.g. 0.93
 */
export function judgeAssessment(
  profile: SimModelProfile,
  context: JudgeContext,
  world: SimWorld = defaultWorld,
): JudgeAssessment {
  const stances = nameableStances(context.guidance, world);
  const asked = world.criteria.filter((c) => stances.get(c) === 1);
  const against = world.criteria.filter((c) => stances.get(c) === -1);
  const distractors = [...stances].filter(([c, s]) => s === 1 && !world.criteria.includes(c)).length;
  const demoText = context.demos.map((d) => Object.values(d.outputs).join(" ")).join(" ");
  const mentioned = criteriaMentionedIn(demoText);
  const taught = world.criteria.filter((c) => !stances.has(c) && !world.unnameable.includes(c) && mentioned.has(c));
  const demos = demoEffect(context, world, asked, against);
  const learned = demos.learned > 0 ? world.unnameable : [];
  const coverage =
    sumWeights(world, asked) -
    sumWeights(world, against) +
    0.5 * sumWeights(world, taught) +
    demos.learned * sumWeights(world, world.unnameable);
  const agreement =
    profile.judgeBaseAgreement +
    coverageBonus * coverage -
    (asked.length === 0 ? vaguePenalty : 0) -
    distractorCost * distractors +
    demos.effect;
  // A strength-1 model is the world's oracle: gold labels come from it, whatever its prompt says.
  const oracle = profile.strength >= 1;
  return {
    agreement: oracle ? 1 : Math.min(agreementCeiling, Math.max(agreementFloor, agreement)),
    attended: [...asked, ...taught, ...learned],
  };
}

/**
 * A simulated judge's verdict on `transcript`: the world's truth with probability `agreement`,
 * flipped otherwise, with a length bias that weaker judges show more.
 *
 * @example
 * simulateJudge(transcript, simModelProfile("sim/weak"), context, dice).verdict;
 */
export function simulateJudge(
  transcript: string,
  profile: SimModelProfile,
  context: JudgeContext,
  dice: Dice,
  world: SimWorld = defaultWorld,
): JudgeDecision {
  const truth = simulatedTruth(transcript, world);
  const { agreement, attended } = judgeAssessment(profile, context, world);
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

/** Stances on criteria the world lets instructions name. */
function nameableStances(guidance: string, world: SimWorld): Map<CriterionId, Stance> {
  const stances = criterionStances(guidance);
  for (const c of world.unnameable) stances.delete(c);
  return stances;
}

/**
 * The demos' effect on agreement, and how much of the unnameable criteria they teach (0 to 1).
 * In an `agreement` world a correctly labelled demo conflicts with the instruction when the
 * label differs from what the instruction's criteria alone would say about it.
 */
function demoEffect(
  context: JudgeContext,
  world: SimWorld,
  asked: readonly CriterionId[],
  against: readonly CriterionId[],
): { effect: number; learned: number } {
  const rule = demoEffects[world.demos];
  let [good, bad, conflicting] = [0, 0, 0];
  for (const demo of context.demos) {
    const transcript = demo.inputs[context.transcriptField];
    const label = parseVerdict(demo.outputs[context.verdictField]);
    if (transcript === undefined || label === undefined) continue;
    const truth = simulatedTruth(transcript, world);
    if (truth.verdict !== label) bad++;
    else if (world.demos === "agreement" && impliedVerdict(truth, asked, against) === !label) conflicting++;
    else good++;
  }
  const effect = Math.min(rule.maxGood, good * rule.good) - bad * rule.bad - conflicting * rule.conflict;
  return { effect, learned: world.demos === "agreement" ? Math.min(1, good / demosToLearn) : 0 };
}

/** What an instruction's criteria alone say about a reply; undefined when it names none. */
function impliedVerdict(
  truth: SimulatedTruth,
  asked: readonly CriterionId[],
  against: readonly CriterionId[],
): boolean | undefined {
  if (asked.length + against.length === 0 || !truth.hasReply) return undefined;
  return asked.every((c) => truth.criteria[c].met) && against.every((c) => !truth.criteria[c].met);
}

/**
 * Clauses that justify `verdict`: true evidence when the judge is right, misreadings when wrong.
 * A judge talks about what it attends to and the prior criteria (what any model assumes), so
 * its words never reveal hidden criteria it was not told about.
 */
function reasonsFor(verdict: boolean, truth: SimulatedTruth, attended: CriterionId[], dice: Dice): string[] {
  if (!truth.hasReply) return ["there is no support reply to judge"];
  // What it may fall back on: what it attends to and common sense, never criteria it was not told.
  const pool: readonly CriterionId[] = [...new Set([...priorCriteria, ...attended])];
  const focus = attended.length > 0 ? attended : dice.random("judge-focus").sample(priorCriteria, 2);
  const supporting = focus.filter((c) => truth.criteria[c].met === verdict);
  if (supporting.length > 0) return supporting.slice(0, 3).map((c) => truth.criteria[c].evidence);
  const anySupporting = pool.filter((c) => truth.criteria[c].met === verdict);
  if (anySupporting.length > 0 && verdict) return anySupporting.slice(0, 2).map((c) => truth.criteria[c].evidence);
  return verdict ? ["the reply seems helpful overall"] : [misreading(dice.pick("judge-misreading", focus))];
}

/** What a judge says when it wrongly faults a criterion the reply actually meets. */
function misreading(criterion: CriterionId): string {
  const phrases: Record<CriterionId, string> = {
    addresses: "it does not really address the customer's question",
    nextStep: "the next step it offers is unclear",
    empathy: "its empathy feels generic",
    concise: "it could be more concise",
    polite: "its tone could be warmer",
    timeframe: "the timeframe it gives is vague",
    asksReference: "it is unclear which booking reference it needs",
    noBlame: "it comes close to blaming the customer",
    signed: "the reply could read more personal",
  };
  return phrases[criterion];
}

function sumWeights(world: SimWorld, list: readonly CriterionId[]): number {
  return list.reduce((sum, c) => sum + criterionWeight(world, c), 0);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
