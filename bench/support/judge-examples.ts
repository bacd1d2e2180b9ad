import { readFileSync } from "node:fs";
import { Example, simulatedTruth } from "@judgeloop/core";

const dataUrl = new URL("../../examples/airline-support/conversations.jsonl", import.meta.url);

/** The judge instruction the throughput and load benchmarks share: names all five criteria. */
export const judgeInstructions =
  "Judge the final Support reply. It passes only if it addresses the customer's question, offers a concrete " +
  "next step, shows empathy for their specific problem, is concise, and keeps a polite, professional tone.";

interface ConversationRow {
  conversation_id: string;
  company: string;
  conversation: string;
}

/**
 * Real airline conversations cut after a Support turn, labelled with the simulated truth. The
 * first pass cuts every conversation after its first Support turn; when more examples are asked
 * for, later passes cut after the second, third... Support turn, and past the last cut the
 * examples repeat under new ids, so any count can be served and every id is unique.
 *
 * @example
 * const examples = judgeExamples(5_000); // ids like "a1b2#0", "a1b2#1", "a1b2#0~1"
 */
export function judgeExamples(count: number): Example[] {
  const cuts = transcriptCuts(readRows());
  const examples: Example[] = [];
  for (let round = 0; examples.length < count && cuts.length > 0; round++) {
    for (const cut of cuts) {
      if (examples.length === count) break;
      const id = round === 0 ? cut.id : `${cut.id}~${round}`;
      const example = new Example(
        { transcript: cut.transcript, satisfied: simulatedTruth(cut.transcript).verdict },
        { id },
      );
      examples.push(example.withInputs("transcript"));
    }
  }
  return examples;
}

function readRows(): ConversationRow[] {
  return readFileSync(dataUrl, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ConversationRow);
}

/** Every (conversation, k-th Support turn) cut, ordered by k so the first pass is one per conversation. */
function transcriptCuts(rows: ConversationRow[]): { id: string; transcript: string }[] {
  const byDepth: { id: string; transcript: string }[][] = [];
  for (const row of rows) {
    const lines = row.conversation.split("\n");
    let depth = 0;
    lines.forEach((line, i) => {
      if (i === 0 || !line.startsWith("Support:")) return;
      const transcript = `Company: ${row.company}\nTranscript so far: ${lines.slice(0, i + 1).join("\n")}`;
      const id = depth === 0 ? row.conversation_id : `${row.conversation_id}#${depth}`;
      const level = byDepth[depth] ?? [];
      level.push({ id, transcript });
      byDepth[depth] = level;
      depth++;
    });
  }
  return byDepth.flat();
}
