import { Random } from "../util/random.ts";
import { companyTranscript, formatTurns, parseTurns, type Turn } from "./conversation.ts";
import type { Row } from "./parsed-rows.ts";

export interface TruncationOptions {
  seed: string | number;
  /** The fewest turns a cut keeps (when the conversation has that many). */
  minTurns: number;
  /** The cut ends on a `Customer:` turn, so the next message is support's to write. */
  ensureCustomerLast: boolean;
}

/**
 * Cuts `turns` at a random point chosen by `rng`: uniformly among the cut lengths of at least
 * `minTurns` that satisfy `ensureCustomerLast`. When no such cut exists the longest prefix that
 * ends on a customer turn is used; null means no customer turn at all.
 *
 * @example
 * truncateTurns(parseTurns("Customer: a\nSupport: b"), { minTurns: 1, ensureCustomerLast: true }, rng);
 * // [{ speaker: "customer", text: "a" }]
 */
export function truncateTurns(
  turns: readonly Turn[],
  options: Omit<TruncationOptions, "seed">,
  rng: Random,
): Turn[] | null {
  const min = Math.max(1, Math.min(options.minTurns, turns.length));
  const lengths: number[] = [];
  for (let length = min; length <= turns.length; length++) {
    if (!options.ensureCustomerLast || turns[length - 1]?.speaker === "customer") lengths.push(length);
  }
  if (lengths.length > 0) return turns.slice(0, rng.pick(lengths));
  const lastCustomer = turns.findLastIndex((turn) => turn.speaker === "customer");
  return lastCustomer < 0 ? null : turns.slice(0, lastCustomer + 1);
}

/**
 * The random source for one conversation: keyed by seed and conversation id, so a row's cut is
 * the same whatever else is in the dataset and in whatever order.
 *
 * @example
 * truncateTurns(turns, options, truncationRandom(101, "twcs-332"));
 */
export function truncationRandom(seed: string | number, conversationId: string): Random {
  return new Random(`${seed}/truncate/${conversationId}`);
}

export interface TruncateRowsResult {
  rows: Row[];
  /** Conversations with no customer turn to end on. */
  dropped: string[];
}

/**
 * Adds `truncated_conversation` and `company_and_transcript` (the generator's input) to every
 * row, cutting each conversation with its own seeded random source.
 *
 * @example
 * const { rows } = truncateRows(prepared, { seed: 101, minTurns: 1, ensureCustomerLast: true });
 */
export function truncateRows(rows: readonly Row[], options: TruncationOptions): TruncateRowsResult {
  const out: Row[] = [];
  const dropped: string[] = [];
  for (const row of rows) {
    const id = String(row.conversation_id);
    const cut = truncateTurns(parseTurns(String(row.conversation)), options, truncationRandom(options.seed, id));
    if (cut === null) {
      dropped.push(id);
      continue;
    }
    const transcript = formatTurns(cut);
    out.push({
      ...row,
      truncated_conversation: transcript,
      turns_kept: cut.length,
      company_and_transcript: companyTranscript(String(row.company ?? ""), transcript),
    });
  }
  return { rows: out, dropped };
}
