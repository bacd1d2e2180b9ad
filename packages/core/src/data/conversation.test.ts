import { describe, expect, it } from "vitest";
import { appendReply, companyTranscript, formatTurns, parseTurns } from "./conversation.ts";

describe("parseTurns", () => {
  it("reads customer and support turns in order", () => {
    const turns = parseTurns("Customer: my bag is lost\nSupport: sorry, DM us");

    expect(turns).toEqual([
      { speaker: "customer", text: "my bag is lost" },
      { speaker: "support", text: "sorry, DM us" },
    ]);
  });

  it("treats Agent as support and skips blank lines", () => {
    const turns = parseTurns("Customer: hi\n\n   \nAgent: hello\n");

    expect(turns.map((turn) => turn.speaker)).toEqual(["customer", "support"]);
  });

  it("keeps consecutive turns by the same speaker separate", () => {
    const turns = parseTurns("Customer: one\nCustomer: two\nSupport: a\nSupport: b");

    expect(turns).toHaveLength(4);
    expect(turns.map((turn) => turn.text)).toEqual(["one", "two", "a", "b"]);
  });

  it("appends an unlabelled line to the turn before it", () => {
    const turns = parseTurns("Customer: first line\nsecond line\nSupport: ok");

    expect(turns[0]).toEqual({ speaker: "customer", text: "first line\nsecond line" });
    expect(turns).toHaveLength(2);
  });
});

describe("formatTurns", () => {
  it("writes turns back in transcript form that parses to the same turns", () => {
    const text = "Customer: a\nSupport: b\nsecond line\nCustomer: c";

    const turns = parseTurns(formatTurns(parseTurns(text)));

    expect(formatTurns(turns)).toBe(text);
  });
});

describe("companyTranscript", () => {
  it("prefixes the company and the transcript so far", () => {
    expect(companyTranscript("Delta Air Lines", "Customer: hi")).toBe(
      "Company: Delta Air Lines\nTranscript so far: Customer: hi",
    );
  });
});

describe("appendReply", () => {
  it("adds the reply as a new Support turn", () => {
    const full = appendReply("Company: X\nTranscript so far: Customer: hi", "  Hello there!  ");

    expect(full).toBe("Company: X\nTranscript so far: Customer: hi\nSupport: Hello there!");
  });

  it("does not prefix a reply that already starts with Support:", () => {
    expect(appendReply("Customer: hi", "Support: Hello")).toBe("Customer: hi\nSupport: Hello");
  });
});
