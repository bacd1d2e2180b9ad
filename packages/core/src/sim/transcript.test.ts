import { describe, expect, it } from "vitest";
import { lastExchange, parseTranscript, pendingCustomerMessage } from "./transcript.ts";

describe("parseTranscript", () => {
  it("reads the company line, the transcript prefix and every speaker turn", () => {
    const parsed = parseTranscript(
      "Company: AirAsia\nTranscript so far: Customer: hi\nAgent: hello\nSupport: how can we help?",
    );

    expect(parsed.company).toBe("AirAsia");
    expect(parsed.turns.map((t) => t.speaker)).toEqual(["customer", "support", "support"]);
  });

  it("joins lines without a speaker to the previous turn", () => {
    const parsed = parseTranscript("Customer: first line\nsecond line\nSupport: ok");

    expect(parsed.turns[0]?.text).toBe("first line\nsecond line");
  });
});

describe("lastExchange", () => {
  it("pairs the last support turn with all customer turns since the previous support turn", () => {
    const exchange = lastExchange("Customer: a\nSupport: b\nCustomer: c\nCustomer: d\nSupport: e");

    expect(exchange).toEqual({ company: undefined, customer: "c\nd", reply: "e" });
  });

  it("is undefined when no support turn answers a customer turn", () => {
    expect(lastExchange("Customer: hello?")).toBeUndefined();
  });
});

describe("pendingCustomerMessage", () => {
  it("returns the trailing customer turns a generator must answer", () => {
    expect(pendingCustomerMessage("Customer: a\nSupport: b\nCustomer: where is my bag?")).toBe("where is my bag?");
  });
});
