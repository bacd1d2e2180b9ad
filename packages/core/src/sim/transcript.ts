/** Who spoke a transcript turn. `Agent:` lines count as support. */
export type Speaker = "customer" | "support";

export interface Turn {
  speaker: Speaker;
  text: string;
}

export interface ParsedTranscript {
  /** From a leading `Company: X` line, when present. */
  company: string | undefined;
  turns: Turn[];
}

/** The last support reply and the customer message it answers. */
export interface Exchange {
  company: string | undefined;
  /** Every customer turn since the previous support turn, joined: what the reply must answer. */
  customer: string;
  reply: string;
}

const speakerLine = /^\s*(Customer|Support|Agent)\s*:\s?(.*)$/i;
const companyLine = /^\s*Company\s*:\s*(.+)$/i;
const transcriptPrefix = /^\s*Transcript so far\s*:\s*/i;

/**
 * Splits `Company: X\nTranscript so far: Customer: ...\nSupport: ...` into turns. Lines without a
 * speaker continue the previous turn, so multi-line messages stay whole.
 *
 * @example
 * parseTranscript("Customer: my bag is lost\nSupport: Sorry! DM us.").turns.length; // 2
 */
export function parseTranscript(text: string): ParsedTranscript {
  let company: string | undefined;
  const turns: Turn[] = [];
  for (const rawLine of normalizeQuotes(text).split(/\r?\n/)) {
    const companyMatch = companyLine.exec(rawLine);
    if (companyMatch && turns.length === 0 && company === undefined) {
      company = companyMatch[1]?.trim();
      continue;
    }
    const line = rawLine.replace(transcriptPrefix, "");
    const match = speakerLine.exec(line);
    if (match) {
      const speaker: Speaker = match[1]?.toLowerCase() === "customer" ? "customer" : "support";
      turns.push({ speaker, text: (match[2] ?? "").trim() });
    } else if (turns.length > 0 && line.trim() !== "") {
      const last = turns[turns.length - 1] as Turn;
      last.text = `${last.text}\n${line.trim()}`.trim();
    }
  }
  return { company, turns };
}

/**
 * True when the text reads like a support conversation (at least one speaker turn).
 *
 * @example
 * looksLikeTranscript("Customer: hello"); // true
 */
export function looksLikeTranscript(text: string): boolean {
  return parseTranscript(text).turns.length > 0;
}

/**
 * The last support turn and the customer turns just before it; undefined when no support
 * turn follows a customer turn.
 *
 * @example
 * lastExchange("Customer: hi\nSupport: hello")?.reply; // "hello"
 */
export function lastExchange(text: string): Exchange | undefined {
  const { company, turns } = parseTranscript(text);
  let replyIndex = -1;
  for (let i = turns.length - 1; i >= 0; i--) {
    if (turns[i]?.speaker === "support") {
      replyIndex = i;
      break;
    }
  }
  if (replyIndex <= 0) return undefined;
  const customer = customerTurnsBefore(turns, replyIndex);
  if (customer === "") return undefined;
  return { company, customer, reply: (turns[replyIndex] as Turn).text };
}

/**
 * The customer message the next support turn should answer (the trailing customer turns).
 *
 * @example
 * pendingCustomerMessage("Customer: hi\nSupport: hello\nCustomer: my bag?"); // "my bag?"
 */
export function pendingCustomerMessage(text: string): string | undefined {
  const { turns } = parseTranscript(text);
  const message = customerTurnsBefore(turns, turns.length);
  return message === "" ? undefined : message;
}

function customerTurnsBefore(turns: readonly Turn[], index: number): string {
  const collected: string[] = [];
  let i = index - 1;
  while (i >= 0 && turns[i]?.speaker === "support") i--;
  for (; i >= 0 && turns[i]?.speaker === "customer"; i--) collected.unshift((turns[i] as Turn).text);
  return collected.join("\n");
}

/**
 * Curly quotes become straight ones so patterns such as `we'll` match real tweets.
 *
 * @example
 * normalizeQuotes("we\u2019ll"); // "we'll"
 */
export function normalizeQuotes(text: string): string {
  return text.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"');
}
