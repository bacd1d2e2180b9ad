import type { Dice } from "./dice.ts";
import { simulateEvidenceProposal } from "./evidence-proposer.ts";
import { isFailureModePrompt, simulateFailureModes } from "./failure-modes.ts";
import { simulateReply } from "./generator.ts";
import { simulateJudge } from "./judge.ts";
import type { SimModelProfile } from "./model-profile.ts";
import type { PromptField, ReadPrompt } from "./prompt-reader.ts";
import { simulateProposal, simulateSummary } from "./proposer.ts";
import type { SimWorld } from "./sim-world.ts";
import { simulateConversation } from "./synthesizer.ts";
import { looksLikeTranscript } from "./transcript.ts";
import { enumValues, valueKind, verdictValue } from "./values.ts";
import { defaultWorld } from "./worlds/default-world.ts";

/** Which simulated behaviour answered a prompt. */
export type SimTask = "judge" | "generate" | "propose" | "summarize" | "synthesize" | "group" | "other";

export interface SimAnswer {
  task: SimTask;
  /** The output fields answered: the prompt's own, or ones inferred for a plain prompt. */
  fields: PromptField[];
  /** One value per output field, typed as the field asks. */
  values: Record<string, unknown>;
}

const verdictNames =
  /^(satisfied|is_satisfied|customer_satisfied|satisfaction|verdict|pass|passed|passes|label|judgment|judgement|acceptable|approved|correct)$/;
const replyNames =
  /^(reply|response|support_reply|support_response|agent_reply|answer|next_message|message|next_reply)$/;
const critiqueNames = /^(critique|explanation|feedback|justification|reason|comment|rationale_text)$/;
const reasoningNames = /^(reasoning|rationale|thought|thoughts)$/;
const transcriptNames = /^(transcript|conversation|dialogue|dialog|history|chat|context)$/;

/**
 * Decides what a prompt asks for (judge a transcript, write a reply, propose an instruction,
 * summarize, or something else) and produces a value for every output field, in `world`.
 *
 * @example
 * simulateAnswer(readPrompt(messages), simModelProfile("sim/strong"), dice).values.satisfied; // true
 */
export function simulateAnswer(
  read: ReadPrompt,
  profile: SimModelProfile,
  dice: Dice,
  world: SimWorld = defaultWorld,
): SimAnswer {
  if (isFailureModePrompt(read.instructions)) {
    // The grouping program (run/failure-modes.ts): one text field in, one JSON answer out.
    const [field = { name: "answer", type: "str", description: "" }] = read.outputFields;
    const critiques = read.inputs.critiques ?? read.inputs.text ?? "";
    return { task: "group", fields: [field], values: { [field.name]: simulateFailureModes(critiques) } };
  }
  const prompt = read.outputFields.length > 0 ? read : { ...read, outputFields: plainPromptFields(read) };
  const outputs = prompt.outputFields;
  const transcriptField = findTranscriptField(prompt);
  const transcript = transcriptField === undefined ? undefined : prompt.inputs[transcriptField];
  const guidance = [prompt.instructions, ...outputs.map((f) => f.description)].join("\n");
  const verdict = outputs.find((f) => verdictNames.test(f.name)) ?? outputs.find((f) => f.type === "bool");
  const reply = outputs.find((f) => replyNames.test(f.name) && valueKind(f.type) === "string");
  const values: Record<string, unknown> = {};
  let task: SimTask = "other";

  const conversationField = outputs.find((f) => f.name === "turns");
  if (conversationField && prompt.inputs.seed_question !== undefined) {
    task = "synthesize";
    values[conversationField.name] = simulateConversation(synthesisRequest(prompt), profile, dice);
  } else if (transcriptField !== undefined && transcript !== undefined && verdict) {
    task = "judge";
    const context = { guidance, demos: prompt.demos, transcriptField, verdictField: verdict.name };
    const decision = simulateJudge(transcript, profile, context, dice, world);
    values[verdict.name] = verdictValue(verdict.type, decision.verdict);
    fillText(values, outputs, critiqueNames, decision.critique);
    fillText(values, outputs, reasoningNames, decision.reasoning);
  } else if (transcriptField !== undefined && transcript !== undefined && reply) {
    task = "generate";
    const context = { guidance, demos: prompt.demos, transcriptField, replyField: reply.name };
    const generated = simulateReply(transcript, profile, context, dice, world);
    values[reply.name] = generated.reply;
    fillText(values, outputs, reasoningNames, generated.reasoning);
  } else {
    task = fillProposalOrSummary(values, prompt, profile, dice, world);
  }
  for (const field of outputs) if (!(field.name in values)) values[field.name] = fallbackValue(field, prompt, dice);
  return { task, fields: outputs, values };
}

/** The synthesis prompt's inputs (data/synthesis-plan.ts), as the simulated writer takes them. */
function synthesisRequest(prompt: ReadPrompt) {
  const { company = "", seed_question = "", turn_count = "2", customer_style = "" } = prompt.inputs;
  return { company, seedQuestion: seed_question, turnCount: Number(turn_count), customerStyle: customer_style };
}

/** Output fields a plain (non-DSPy) prompt implies: a verdict, a reply, or a free answer. */
function plainPromptFields(prompt: ReadPrompt): PromptField[] {
  const text = prompt.inputs.text ?? "";
  const field = (name: string, type = "str") => ({ name, type, description: "" });
  if (!looksLikeTranscript(text)) return [field("answer")];
  const judging = /\b(judge|evaluat\w*|satisf\w*|verdict|assess\w*)\b/i.test(`${prompt.instructions}\n${text}`);
  return judging ? [field("satisfied", "bool"), field("critique")] : [field("reply")];
}

function fillProposalOrSummary(
  values: Record<string, unknown>,
  prompt: ReadPrompt,
  profile: SimModelProfile,
  dice: Dice,
  world: SimWorld,
): SimTask {
  const promptText = [prompt.instructions, ...Object.values(prompt.inputs)].join("\n");
  const proposal = prompt.outputFields.find((f) => /instruction/.test(f.name));
  if (proposal) {
    const current = Object.entries(prompt.inputs).find(([name]) => /^(basic|current)_?instruction/.test(name))?.[1];
    values[proposal.name] =
      world.proposer === "evidence"
        ? simulateEvidenceProposal(
            { currentInstruction: current ?? "", inputs: shownInputs(prompt) },
            profile,
            dice,
            world,
          )
        : simulateProposal(promptText, current ?? "", profile, dice);
    return "propose";
  }
  const summary = prompt.outputFields.find((f) => /summary|observations|description/.test(f.name));
  if (summary) {
    values[summary.name] = simulateSummary(promptText, dice);
    return "summarize";
  }
  return "other";
}

/** The proposer's inputs other than instructions (current, basic or previous ones). */
function shownInputs(prompt: ReadPrompt): Record<string, string> {
  return Object.fromEntries(Object.entries(prompt.inputs).filter(([name]) => !/instruction/.test(name)));
}

function findTranscriptField(prompt: ReadPrompt): string | undefined {
  const candidates = Object.entries(prompt.inputs).filter(([, value]) => looksLikeTranscript(value));
  const named = candidates.find(([name]) => transcriptNames.test(name));
  return (named ?? candidates[0])?.[0];
}

function fillText(values: Record<string, unknown>, fields: readonly PromptField[], names: RegExp, text: string) {
  for (const field of fields) if (names.test(field.name) && !(field.name in values)) values[field.name] = text;
}

/** A deterministic, type-correct value for a field no simulated behaviour covers. */
function fallbackValue(field: PromptField, prompt: ReadPrompt, dice: Dice): unknown {
  const rng = dice.random(`fallback-${field.name}`);
  const [inputName, inputValue] = Object.entries(prompt.inputs)[0] ?? ["input", ""];
  const words = inputValue.split(/\s+/).filter(Boolean);
  const snippet = words.slice(0, 12).join(" ");
  switch (valueKind(field.type)) {
    case "boolean":
      return rng.next() < 0.5;
    case "integer":
      return rng.intBetween(1, 5);
    case "number":
      return Math.round(rng.next() * 100) / 100;
    case "enum":
      return rng.pick(enumValues(field.type).length > 0 ? enumValues(field.type) : [""]);
    case "list":
      return rng.sample(keywordsOf(words), 3);
    case "json":
      return {};
    default:
      return reasoningNames.test(field.name)
        ? `Reading the ${inputName}, I work out the ${prompt.outputFields.map((f) => f.name).join(" and ")}.`
        : `${capitalize(field.name.replace(/_/g, " "))} based on the ${inputName}: ${snippet}`;
  }
}

function keywordsOf(words: readonly string[]): string[] {
  return [...new Set(words.map((w) => w.replace(/[^\p{L}\p{N}-]/gu, "")).filter((w) => w.length > 3))];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
