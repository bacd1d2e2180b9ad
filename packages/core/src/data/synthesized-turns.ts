import type { Turn } from "./conversation.ts";

/** How many turns a synthesized conversation may have, both ends included. */
export interface TurnRange {
  min: number;
  max: number;
}

/** Why a generated conversation was refused, as a stable code plus words for people. */
export type TurnsRejection =
  | "not_a_list"
  | "bad_turn"
  | "unknown_role"
  | "empty_turn"
  | "support_first"
  | "roles_do_not_alternate"
  | "turn_count";

export type TurnsCheck = { ok: true; turns: Turn[] } | { ok: false; code: TurnsRejection; reason: string };

const roleNames: Readonly<Record<string, Turn["speaker"]>> = {
  customer: "customer",
  support: "support",
  agent: "support",
};

/**
 * Checks a model's `turns` output against the rules of a support conversation: a list of
 * `{role, text}`, roles Customer or Support, the customer speaks first, roles alternate, no turn
 * is empty, and the count is within `range`. Whitespace inside a turn is folded to single
 * spaces (a transcript has one line per turn) and a repeated `Customer:` label is removed.
 *
 * @example
 * checkSynthesizedTurns([{ role: "Customer", text: "Hi" }, { role: "Support", text: "Hello" }], { min: 2, max: 4 }).ok; // true
 */
export function checkSynthesizedTurns(value: unknown, range: TurnRange): TurnsCheck {
  if (!Array.isArray(value)) return refuse("not_a_list", "turns is not a list");
  const turns: Turn[] = [];
  for (const [index, item] of value.entries()) {
    const at = `turn ${index + 1}`;
    if (item === null || typeof item !== "object") return refuse("bad_turn", `${at} is not an object`);
    const { role, text } = item as { role?: unknown; text?: unknown };
    if (typeof role !== "string" || typeof text !== "string")
      return refuse("bad_turn", `${at} needs role and text strings`);
    const speaker = roleNames[role.trim().toLowerCase()];
    if (speaker === undefined) return refuse("unknown_role", `${at} has role ${JSON.stringify(role.slice(0, 20))}`);
    const clean = text
      .replace(/^\s*(customer|support|agent)\s*:\s*/i, "")
      .replace(/\s+/g, " ")
      .trim();
    if (clean === "") return refuse("empty_turn", `${at} is empty`);
    turns.push({ speaker, text: clean });
  }
  if (turns[0]?.speaker === "support")
    return refuse("support_first", "the first turn is Support's, not the customer's");
  const repeat = turns.findIndex((turn, index) => index > 0 && turn.speaker === turns[index - 1]?.speaker);
  if (repeat > 0) return refuse("roles_do_not_alternate", `turns ${repeat} and ${repeat + 1} have the same role`);
  if (turns.length < range.min || turns.length > range.max) {
    return refuse("turn_count", `${turns.length} turns, expected ${range.min} to ${range.max}`);
  }
  return { ok: true, turns };
}

/**
 * Reads `--turns MIN-MAX` (or a single number): whole numbers, 1 ≤ MIN ≤ MAX ≤ 40.
 *
 * @example
 * parseTurnRange("2-6"); // { min: 2, max: 6 }
 */
export function parseTurnRange(text: string): TurnRange | undefined {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = Number(match[2] ?? match[1]);
  return min >= 1 && min <= max && max <= maxTurns ? { min, max } : undefined;
}

/** A long conversation is a few dozen turns (the bundled data tops out at 33). */
export const maxTurns = 40;

function refuse(code: TurnsRejection, reason: string): TurnsCheck {
  return { ok: false, code, reason };
}
