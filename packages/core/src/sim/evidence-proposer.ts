import type { Dice } from "./dice.ts";
import { criteriaMentionedIn, criterionStances } from "./instruction-reading.ts";
import { criterionFamilies } from "./lexicon.ts";
import type { SimModelProfile } from "./model-profile.ts";
import { closers, openers, vaguePhrases } from "./proposal-phrases.ts";
import { criteriaSentence, proposalRole } from "./proposer.ts";
import { allCriteria, type CriterionId } from "./reply-checks.ts";
import type { SimWorld } from "./sim-world.ts";
import { looksLikeTranscript } from "./transcript.ts";
import { parseVerdict } from "./values.ts";
import { simulatedTruth } from "./world.ts";

/** The proposer's prompt: the instruction it improves and the other inputs it was shown. */
export interface ProposalPrompt {
  currentInstruction: string;
  /** Every input that is not an instruction (data summary, demos, examples with feedback...), by name. */
  inputs: Readonly<Record<string, string>>;
}

/** Evidence a criterion needs before the proposer names it. */
const evidenceNeeded = 2;
/** Evidence against a criterion the current instruction asks for that makes the proposer drop it. */
const dropAt = -2;

const feedbackField = /feedback|critique|reflection|mistake|failure|error/i;
const feedbackCue =
  /\b(feedback|critique|the judge said|expected|gold|correct (?:answer|label)|should (?:have been|be))\b/i;
const goldCue =
  /\b(?:expected|gold(?: label)?|correct (?:answer|label|verdict)|should (?:have been|be)|true label)\b\W{0,6}(?:(?:was|is|answer|label|verdict|value|satisfied)\W{1,4}){0,2}(true|false|yes|no|pass|fail)\b/i;
const feedbackLine = /^\s*(?:#+\s*)?feedback\s*:/im;
const failureCue = /\b(incorrect|wrong|mismatch\w*|disagree\w*|missed|score:?\s*0(?:\.0+)?\b)/i;
const transcriptLine = /^\s*(?:\w+:\s*)?(?:Company|Transcript so far|Customer|Support|Agent)\s*:/i;

/**
 * An instruction from a proposer that only names what its prompt shows evidence for: criteria a
 * critique or feedback line talks about, and criteria that line up with the gold labels of
 * examples shown as failures (a wrong verdict, or a label the current instruction contradicts).
 * It keeps what the current instruction asks for unless the evidence goes against it. Without
 * evidence it writes generic text. The world's rule is only used to read transcripts' observable
 * qualities (the same checks in every world), never to choose what to name.
 *
 * @example
 * simulateEvidenceProposal({ currentInstruction, inputs: { examples_with_feedback } }, profile, dice, world);
 */
export function simulateEvidenceProposal(
  prompt: ProposalPrompt,
  profile: SimModelProfile,
  dice: Dice,
  world: SimWorld,
): string {
  const shown = Object.values(prompt.inputs).join("\n");
  const current = prompt.currentInstruction;
  const role = proposalRole(`${current}\n${current}\n${current}\n${shown}`);
  const rng = dice.sampled("proposal");
  const evidence = evidenceIn(prompt, world);
  const nameable = allCriteria.filter((c) => criterionFamilies[c] !== undefined && !world.unnameable.includes(c));
  const kept = nameable.filter((c) => criterionStances(current).get(c) === 1 && (evidence.get(c) ?? 0) > dropAt);
  const found = nameable.filter(
    (c) => !kept.includes(c) && (evidence.get(c) ?? 0) >= evidenceNeeded && rng.next() < 0.55 + 0.4 * profile.strength,
  );
  const named = [...kept, ...found];
  const parts = [rng.pick(openers[role])];
  if (role !== "other" && named.length > 0) parts.push(criteriaSentence(role, named, rng));
  else parts.push(rng.pick(vaguePhrases));
  parts.push(rng.pick(closers[role]));
  return parts.filter((p) => p !== "").join(" ");
}

/**
 * How much the prompt's feedback points to each criterion: +1 per critique of its absence ("it
 * gives no timeframe"), +0.5 per other mention, plus what the examples shown as failures with a
 * gold label say: +1 each where the criterion agrees with the label (met on a pass, unmet on a
 * fail), -1 where it disagrees, summed up to five such examples and 5 times the mean beyond (so
 * a criterion must agree with 70% of many failures to reach +2).
 *
 * @example
 * evidenceIn({ currentInstruction: "", inputs: { feedback: "It gives no timeframe. No timeframe again." } }, world).get("timeframe"); // 2
 */
export function evidenceIn(prompt: ProposalPrompt, world: SimWorld): Map<CriterionId, number> {
  const mentions = new Map<CriterionId, number>();
  const agreement = new Map<CriterionId, number>();
  const add = (map: Map<CriterionId, number>, c: CriterionId, n: number) => map.set(c, (map.get(c) ?? 0) + n);
  const asked = criterionStances(prompt.currentInstruction);
  let labelledCount = 0;
  for (const block of feedbackBlocks(prompt.inputs)) {
    for (const sentence of proseOf(block).split(/(?<=[.!?;])\s+|\n+/)) {
      const stances = criterionStances(sentence);
      for (const c of criteriaMentionedIn(sentence)) add(mentions, c, stances.get(c) === -1 ? 1 : 0.5);
    }
    const labelled = labelledFailure(block, asked, world);
    if (labelled === undefined) continue;
    labelledCount++;
    for (const c of allCriteria) add(agreement, c, labelled.truth.criteria[c].met === labelled.gold ? 1 : -1);
  }
  const scale = 5 / Math.max(5, labelledCount);
  return new Map(allCriteria.map((c) => [c, (mentions.get(c) ?? 0) + scale * (agreement.get(c) ?? 0)]));
}

/**
 * What the feedback itself says, without transcript lines: the block from its `Feedback:` line
 * on (the program's own outputs before it are not feedback), else from its first feedback cue.
 */
function proseOf(block: string): string {
  const at = feedbackLine.exec(block)?.index ?? feedbackCue.exec(block)?.index ?? 0;
  return withoutTranscript(block.slice(at));
}

function withoutTranscript(text: string): string {
  return text
    .split("\n")
    .filter((line) => !transcriptLine.test(line))
    .join("\n");
}

/**
 * The parts of the inputs that carry feedback: every example block of an input named like
 * feedback, and example blocks of other inputs that have a feedback cue.
 */
function feedbackBlocks(inputs: Readonly<Record<string, string>>): string[] {
  return Object.entries(inputs).flatMap(([name, value]) => {
    const blocks = exampleBlocks(value);
    return feedbackField.test(name) ? blocks : blocks.filter((block) => feedbackCue.test(block));
  });
}

function exampleBlocks(text: string): string[] {
  const byHeader = text.split(/\n(?=\s*(?:#+\s*)?Example\b)/i);
  return byHeader.length > 1 ? byHeader : text.split(/\n\s*\n/);
}

/**
 * The transcript and gold label of a block shown as a failure: it names a gold label and either
 * says it failed, shows another verdict, or the current instruction's criteria disagree with it.
 */
function labelledFailure(
  block: string,
  asked: Map<CriterionId, 1 | -1>,
  world: SimWorld,
): { truth: ReturnType<typeof simulatedTruth>; gold: boolean } | undefined {
  const goldMatch = goldCue.exec(withoutTranscript(block));
  const gold = parseVerdict(goldMatch?.[1]);
  const transcript = transcriptIn(block);
  if (gold === undefined || transcript === undefined) return undefined;
  const truth = simulatedTruth(transcript, world);
  if (!truth.hasReply) return undefined;
  const said = withoutTranscript(block);
  const verdicts = [...said.matchAll(/\b(true|false)\b/gi)].map((m) => parseVerdict(m[1]));
  const implied = impliedBy(asked, truth);
  const failed = failureCue.test(said) || verdicts.some((v) => v === !gold) || implied === !gold;
  return failed ? { truth, gold } : undefined;
}

function impliedBy(asked: Map<CriterionId, 1 | -1>, truth: ReturnType<typeof simulatedTruth>): boolean | undefined {
  if (asked.size === 0) return undefined;
  return [...asked].every(([c, stance]) => truth.criteria[c].met === (stance === 1));
}

/** The transcript lines of a block, from its first speaker or company line to its last turn. */
function transcriptIn(block: string): string | undefined {
  const lines = block.split("\n");
  const first = lines.findIndex((l) => transcriptLine.test(l));
  if (first < 0) return undefined;
  let last = first;
  for (let i = first; i < lines.length; i++) if (transcriptLine.test(lines[i] ?? "")) last = i;
  const text = lines
    .slice(first, last + 1)
    .map((l) => l.replace(/^\s*(?:transcript|conversation):\s*/i, ""))
    .join("\n");
  return looksLikeTranscript(text) ? text : undefined;
}
