import { describe, expect, it } from "vitest";
import { checkSynthesizedTurns, parseTurnRange } from "./synthesized-turns.ts";

const range = { min: 2, max: 4 };
const turn = (role: string, text: string) => ({ role, text });
const codeOf = (value: unknown) => {
  const checked = checkSynthesizedTurns(value, range);
  return checked.ok ? "ok" : checked.code;
};

describe("checkSynthesizedTurns", () => {
  it("accepts alternating turns that start with the customer", () => {
    const checked = checkSynthesizedTurns([turn("Customer", "Bag lost"), turn("support", "  We are\non it ")], range);

    expect(checked).toEqual({
      ok: true,
      turns: [
        { speaker: "customer", text: "Bag lost" },
        { speaker: "support", text: "We are on it" },
      ],
    });
  });

  it("removes a repeated speaker label from the text", () => {
    const checked = checkSynthesizedTurns([turn("Customer", "Customer: hi"), turn("Agent", "Support: hello")], range);

    expect(checked.ok && checked.turns.map((t) => t.text)).toEqual(["hi", "hello"]);
  });

  it("refuses output that is not a list", () => {
    expect(codeOf({ turns: [] })).toBe("not_a_list");
  });

  it("refuses a turn without role and text strings", () => {
    expect(codeOf([turn("Customer", "hi"), { role: "Support" }])).toBe("bad_turn");
    expect(codeOf(["Customer: hi"])).toBe("bad_turn");
  });

  it("refuses a role other than Customer or Support", () => {
    expect(codeOf([turn("Customer", "hi"), turn("Narrator", "meanwhile")])).toBe("unknown_role");
  });

  it("refuses a conversation that Support opens", () => {
    expect(codeOf([turn("Support", "How can we help?"), turn("Customer", "Bag lost")])).toBe("support_first");
  });

  it("refuses two turns in a row by the same side", () => {
    expect(codeOf([turn("Customer", "hi"), turn("Customer", "hello?"), turn("Support", "yes")])).toBe(
      "roles_do_not_alternate",
    );
  });

  it("refuses an empty turn", () => {
    expect(codeOf([turn("Customer", "hi"), turn("Support", "  \n ")])).toBe("empty_turn");
  });

  it("refuses a turn count outside the range", () => {
    expect(codeOf([turn("Customer", "hi")])).toBe("turn_count");
    const five = ["Customer", "Support", "Customer", "Support", "Customer"].map((role) => turn(role, "x"));
    expect(codeOf(five)).toBe("turn_count");
  });
});

describe("parseTurnRange", () => {
  it("reads MIN-MAX and a single number", () => {
    expect(parseTurnRange("2-6")).toEqual({ min: 2, max: 6 });
    expect(parseTurnRange("4")).toEqual({ min: 4, max: 4 });
  });

  it("refuses reversed, zero and oversized ranges", () => {
    expect(parseTurnRange("6-2")).toBeUndefined();
    expect(parseTurnRange("0-3")).toBeUndefined();
    expect(parseTurnRange("2-41")).toBeUndefined();
    expect(parseTurnRange("two")).toBeUndefined();
  });
});
