import { readFileSync } from "node:fs";
import { appendReply, companyTranscript, formatTurns, parseTurns } from "../../data/conversation.ts";
import type { LM } from "../../lm/types.ts";
import { Example } from "../../module/example.ts";
import { Predict } from "../../module/predict.ts";
import { simulatedTruth } from "../../sim/world.ts";
import { Random } from "../../util/random.ts";

// Test support: real airline support conversations (examples/airline-support, CC BY-NC-SA 4.0)
// turned into judge and generator examples, with gold labels from the simulator's truth.

const dataUrl = new URL("../../../../../examples/airline-support/conversations.jsonl", import.meta.url);

interface Row {
  conversation_id: string;
  company: string;
  conversation: string;
}

/** A conversation cut just before a seeded-random Support turn, and that turn's real reply. */
export interface PendingConversation {
  id: string;
  /** `Company: X\nTranscript so far: ...` ending on a customer turn: the generator's input. */
  companyAndTranscript: string;
  realReply: string;
}

/**
 * `count` conversations, each cut before a seeded-random Support turn.
 *
 * @example
 * pendingConversations(40, "seed")[0].companyAndTranscript;
 */
export function pendingConversations(count: number, seed: string | number = "optimize-tests"): PendingConversation[] {
  const out: PendingConversation[] = [];
  for (const row of rows()) {
    const turns = parseTurns(row.conversation);
    const cuts = turns.flatMap((t, i) => (t.speaker === "support" && turns[i - 1]?.speaker === "customer" ? [i] : []));
    if (cuts.length === 0) continue;
    const cut = new Random(`${seed}/${row.conversation_id}`).pick(cuts);
    const reply = turns[cut]?.text ?? "";
    out.push({
      id: row.conversation_id,
      companyAndTranscript: companyTranscript(row.company, formatTurns(turns.slice(0, cut))),
      realReply: reply,
    });
    if (out.length === count) break;
  }
  return out;
}

/**
 * Judge examples (`transcript` → `satisfied`): half end on the real support reply (mostly
 * unsatisfying by the simulated truth), half on a reply written by `writer` with a good
 * instruction (mostly satisfying). Gold labels come from `simulatedTruth`.
 *
 * @example
 * const examples = await judgeExamples(40, new SimLM("sim/strong"));
 */
export async function judgeExamples(
  count: number,
  writer: LM,
  seed: string | number = "optimize-tests",
): Promise<Example[]> {
  const generator = new Predict("company_and_transcript -> reply", { lm: writer });
  generator.signature = generator.signature.withInstructions(
    "Answer the customer's question directly, give a concrete next step, show empathy for their specific problem, " +
      "stay polite and keep it concise.",
  );
  const examples: Example[] = [];
  for (const [i, item] of pendingConversations(count, seed).entries()) {
    const reply =
      i % 2 === 0
        ? item.realReply
        : String((await generator.call({ company_and_transcript: item.companyAndTranscript })).get("reply"));
    const transcript = appendReply(item.companyAndTranscript, reply);
    const satisfied = simulatedTruth(transcript).verdict;
    examples.push(new Example({ transcript, satisfied }, { id: item.id }).withInputs("transcript"));
  }
  return examples;
}

/**
 * Generator examples (`company_and_transcript` → `reply`), the real reply kept as the label.
 *
 * @example
 * generatorExamples(40)[0].inputs(); // { company_and_transcript: "Company: ..." }
 */
export function generatorExamples(count: number, seed: string | number = "optimize-tests"): Example[] {
  return pendingConversations(count, seed).map((item) =>
    new Example(
      { company_and_transcript: item.companyAndTranscript, reply: item.realReply },
      { id: item.id },
    ).withInputs("company_and_transcript"),
  );
}

function rows(): Row[] {
  return readFileSync(dataUrl, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Row);
}
