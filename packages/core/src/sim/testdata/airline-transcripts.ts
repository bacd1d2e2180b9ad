import { readFileSync } from "node:fs";
import { Random } from "../../util/random.ts";

// Test support: real airline support conversations (examples/airline-support, CC BY-NC-SA 4.0),
// cut so each ends right after a Support turn (for judges) or right before one (for generators).

const dataUrl = new URL("../../../../../examples/airline-support/conversations.jsonl", import.meta.url);

interface Row {
  conversation_id: string;
  company: string;
  conversation: string;
}

function rows(): Row[] {
  return readFileSync(dataUrl, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Row);
}

/** `count` transcripts ending after a seeded-random Support turn, prefixed like the pipeline does. */
export function judgedTranscripts(count: number, seed = "sim-tests"): string[] {
  const rng = new Random(seed);
  const out: string[] = [];
  for (const row of rows()) {
    const lines = row.conversation.split("\n");
    const cuts = lines.flatMap((line, i) => (line.startsWith("Support:") && i > 0 ? [i + 1] : []));
    if (cuts.length === 0) continue;
    out.push(`Company: ${row.company}\nTranscript so far: ${lines.slice(0, rng.pick(cuts)).join("\n")}`);
    if (out.length === count) break;
  }
  return out;
}

/** `count` transcripts ending on the Customer turn just before a Support turn. */
export function pendingTranscripts(count: number, seed?: string): string[] {
  return judgedTranscripts(count, seed).map((t) => t.slice(0, t.lastIndexOf("\nSupport:")));
}
