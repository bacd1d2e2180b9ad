import { describe, expect, it } from "vitest";
import { contentHash } from "../util/canonical-json.ts";
import { Random } from "../util/random.ts";
import { parseTurns } from "./conversation.ts";
import { bundledConversations } from "./testdata/bundled.ts";
import { truncateRows, truncateTurns } from "./truncate.ts";

const reference = { seed: 101, minTurns: 1, ensureCustomerLast: true };

function truncationHash(rows: Record<string, unknown>[]): string {
  return contentHash(rows.map((row) => [row.conversation_id, row.truncated_conversation]));
}

describe("truncateTurns", () => {
  const long = parseTurns(
    "Customer: a\nSupport: b\nCustomer: c\nCustomer: d\nSupport: e\nSupport: f\nCustomer: g\nSupport: h",
  );

  it("always ends on a customer turn when ensureCustomerLast is set", () => {
    for (let seed = 0; seed < 50; seed++) {
      const cut = truncateTurns(long, { minTurns: 1, ensureCustomerLast: true }, new Random(seed));

      expect(cut?.at(-1)?.speaker).toBe("customer");
    }
  });

  it("keeps at least minTurns turns when a valid cut that long exists", () => {
    const lengths = new Set<number>();
    for (let seed = 0; seed < 50; seed++) {
      lengths.add(truncateTurns(long, { minTurns: 4, ensureCustomerLast: true }, new Random(seed))?.length ?? 0);
    }

    expect([...lengths].sort()).toEqual([4, 7]);
  });

  it("falls back to the longest prefix ending on a customer turn when minTurns cannot be met", () => {
    const turns = parseTurns("Customer: a\nSupport: b\nSupport: c");

    const cut = truncateTurns(turns, { minTurns: 3, ensureCustomerLast: true }, new Random(1));

    expect(cut).toEqual([{ speaker: "customer", text: "a" }]);
  });

  it("returns null for a conversation without a customer turn", () => {
    expect(truncateTurns(parseTurns("Support: hello"), reference, new Random(1))).toBeNull();
  });

  it("may end on a support turn when ensureCustomerLast is off", () => {
    const ends = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      ends.add(
        truncateTurns(long, { minTurns: 1, ensureCustomerLast: false }, new Random(seed))?.at(-1)?.speaker ?? "",
      );
    }

    expect(ends).toEqual(new Set(["customer", "support"]));
  });
});

describe("truncateRows", () => {
  it("reproduces the golden truncation of the bundled data under seed 101", () => {
    const { rows, dropped } = truncateRows(bundledConversations(), reference);

    expect(dropped).toEqual([]);
    expect(truncationHash(rows)).toBe("adcb65594219edaff8d75e11493ce7d693456b16d9bb5b885b7ac70ff8f4beb4");
  });

  it("cuts differently under another seed", () => {
    const { rows } = truncateRows(bundledConversations(), { ...reference, seed: 102 });

    expect(truncationHash(rows)).toBe("5ae38b3d9f90c1e7c6c1fbe00dfad2d7c91538b709ce650f8da92f39e991c7ae");
  });

  it("gives each conversation the same cut whatever the row order", () => {
    const rows = bundledConversations().slice(0, 300);

    const forward = truncateRows(rows, reference).rows;
    const backward = truncateRows([...rows].reverse(), reference).rows.reverse();

    expect(backward).toEqual(forward);
  });

  it("adds the company prefix to the truncated transcript", () => {
    const [row] = truncateRows(
      [{ conversation_id: "c1", company: "JetBlue Airways", conversation: "Customer: hi\nSupport: hello" }],
      reference,
    ).rows;

    expect(row?.company_and_transcript).toBe("Company: JetBlue Airways\nTranscript so far: Customer: hi");
    expect(row?.turns_kept).toBe(1);
  });
});
