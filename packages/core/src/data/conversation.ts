export type Speaker = "customer" | "support";

/** One message of a support conversation. */
export interface Turn {
  speaker: Speaker;
  text: string;
}

const speakerPrefix = /^\s*(customer|support|agent)\s*:\s?/i;

/**
 * Splits a `Customer:` / `Support:` transcript into turns. `Agent:` counts as support, blank
 * lines are skipped, consecutive turns by the same speaker stay separate, and a line without a
 * prefix continues the previous turn (a message with a line break in it).
 *
 * @example
 * parseTurns("Customer: hi\nSupport: hello");
 * // [{ speaker: "customer", text: "hi" }, { speaker: "support", text: "hello" }]
 */
export function parseTurns(conversation: string): Turn[] {
  const turns: Turn[] = [];
  for (const line of conversation.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const match = speakerPrefix.exec(line);
    const previous = turns[turns.length - 1];
    if (match?.[1]) {
      const speaker: Speaker = match[1].toLowerCase() === "customer" ? "customer" : "support";
      turns.push({ speaker, text: line.slice(match[0].length).trim() });
    } else if (previous) {
      // "Customer:" alone on its line: the message starts on the next one, without a leading break.
      previous.text = previous.text === "" ? line.trim() : `${previous.text}\n${line.trim()}`;
    } else {
      // Conversations open with the customer; an unlabelled first line is theirs.
      turns.push({ speaker: "customer", text: line.trim() });
    }
  }
  return turns;
}

/**
 * The transcript form of `turns`, one `Customer: …` / `Support: …` line each.
 *
 * @example
 * formatTurns([{ speaker: "customer", text: "hi" }]); // "Customer: hi"
 */
export function formatTurns(turns: readonly Turn[]): string {
  return turns.map((turn) => `${turn.speaker === "customer" ? "Customer" : "Support"}: ${turn.text}`).join("\n");
}

/**
 * The generator's input: the company, then the conversation so far.
 *
 * @example
 * companyTranscript("Delta Air Lines", "Customer: my bag is lost");
 * // "Company: Delta Air Lines\nTranscript so far: Customer: my bag is lost"
 */
export function companyTranscript(company: string, transcript: string): string {
  return `Company: ${company}\nTranscript so far: ${transcript}`;
}

/**
 * The transcript with a generated reply added as the next `Support:` turn, which is what the
 * judge reads. A reply that already starts with `Support:` is not prefixed twice.
 *
 * @example
 * appendReply("Company: X\nTranscript so far: Customer: hi", "Hello!");
 * // "Company: X\nTranscript so far: Customer: hi\nSupport: Hello!"
 */
export function appendReply(transcript: string, reply: string): string {
  const text = reply.trim().replace(/^(support|agent)\s*:\s*/i, "");
  return `${transcript.replace(/\s+$/, "")}\nSupport: ${text}`;
}
