/** A transcript split so a page can highlight the reply under judgement. */
export interface TranscriptParts {
  /** Everything before the reply to judge. */
  context: string;
  /** The last `Support:` turn, the reply the label is about; empty when there is none. */
  reply: string;
}

/**
 * Splits a transcript at its last `Support:` turn: the label judges that reply, so the page shows
 * it highlighted after the conversation that led to it.
 *
 * @example
 * replyToJudge("Customer: hi\nSupport: Hello!").reply; // "Support: Hello!"
 */
export function replyToJudge(transcript: string): TranscriptParts {
  const at = transcript.lastIndexOf("\nSupport:");
  const start = at >= 0 ? at + 1 : transcript.startsWith("Support:") ? 0 : -1;
  if (start < 0) return { context: transcript, reply: "" };
  return { context: transcript.slice(0, start).trimEnd(), reply: transcript.slice(start).trim() };
}
