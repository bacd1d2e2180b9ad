import { describe, expect, it } from "vitest";
import { Example } from "../module/example.ts";
import { Prediction } from "../module/prediction.ts";
import { exactMatch, normalizeText } from "./metrics.ts";
import type { MetricContext } from "./types.ts";

const ctx: MetricContext = { signal: new AbortController().signal, onCall: () => {} };
const score = (metric: ReturnType<typeof exactMatch>, gold: unknown, predicted: unknown) =>
  metric(new Example({ q: "x", a: gold }).withInputs("q"), new Prediction({ a: predicted }), ctx);

describe("normalizeText", () => {
  it("lowercases, trims and collapses whitespace", () => {
    expect(normalizeText("  Hello\n\t World  ")).toBe("hello world");
  });

  it("strips punctuation only when asked", () => {
    expect(normalizeText("Yes, sir!")).toBe("yes, sir!");
    expect(normalizeText("Yes, sir!", { stripPunctuation: true })).toBe("yes sir");
  });
});

describe("exactMatch", () => {
  it("matches answers that differ only in case and spacing", () => {
    expect(score(exactMatch("a"), "Paris", "  paris ")).toBe(true);
    expect(score(exactMatch("a"), "Paris", "Lyon")).toBe(false);
  });

  it("compares as-is when normalization is off", () => {
    expect(score(exactMatch("a", { normalize: false }), "Paris", "paris")).toBe(false);
  });

  it("ignores punctuation with stripPunctuation", () => {
    expect(score(exactMatch("a", { stripPunctuation: true }), "Paris.", "paris")).toBe(true);
    expect(score(exactMatch("a"), "Paris.", "paris")).toBe(false);
  });

  it("matches a gold text label against a typed prediction", () => {
    expect(score(exactMatch("a"), "True", true)).toBe(true);
    expect(score(exactMatch("a"), 3, "3")).toBe(true);
  });

  it("compares lists and objects by canonical JSON", () => {
    expect(score(exactMatch("a"), { x: 1, y: [2] }, { y: [2], x: 1 })).toBe(true);
    expect(score(exactMatch("a"), ["a", "b"], ["b", "a"])).toBe(false);
  });

  it("uses a custom normalizer", () => {
    const digitsOnly = exactMatch("a", { normalize: (text) => text.replace(/\D/g, "") });

    expect(score(digitsOnly, "+1 (555) 010", "1555010")).toBe(true);
  });

  it("throws when the example has no label, instead of scoring 0", () => {
    const example = new Example({ q: "x" }, { id: "e1" }).withInputs("q");

    expect(() => exactMatch("a")(example, new Prediction({ a: "y" }), ctx)).toThrow("example e1 has no label `a`");
  });
});
