import { describe, expect, it } from "vitest";
import { criteriaMentionedIn, criterionStances } from "./instruction-reading.ts";

describe("criterionStances", () => {
  it("reads negated quality words as asking against the criterion", () => {
    // Act
    const stances = criterionStances(
      "Do not address the question. Never offer a resolution. No empathy. Don't apologize. Avoid next steps.",
    );

    // Assess
    expect([...stances]).toEqual([
      ["addresses", -1],
      ["nextStep", -1],
      ["empathy", -1],
    ]);
  });

  it("reads plain quality words as asking for the criterion", () => {
    const stances = criterionStances(
      "It passes only if it addresses the customer's question, offers a concrete next step, shows empathy, is " +
        "concise, and keeps a polite, professional tone.",
    );

    expect([...stances.values()]).toEqual([1, 1, 1, 1, 1]);
    expect([...stances.keys()]).toEqual(["addresses", "nextStep", "empathy", "concise", "polite"]);
  });

  it("reads rejected or negated failure words as asking for the quality", () => {
    const stances = criterionStances(
      "Fail any rude or dismissive reply and penalize wordy, rambling replies. Never blame the customer.",
    );

    expect(Object.fromEntries(stances)).toEqual({ concise: 1, polite: 1, noBlame: 1 });
  });

  it("reads a failure word given as an order as asking against the quality", () => {
    expect(Object.fromEntries(criterionStances("Be rude. Blame the customer."))).toEqual({ polite: -1, noBlame: -1 });
  });

  it("counts a rejection and a negation together as asking for the quality", () => {
    const stances = criterionStances(
      "Fail any reply that does not address the question. Penalize replies without empathy. Fail a reply that fails to give a timeframe.",
    );

    expect(Object.fromEntries(stances)).toEqual({ addresses: 1, empathy: 1, timeframe: 1 });
  });

  it("ends a negation's reach at a conjunction", () => {
    expect(Object.fromEntries(criterionStances("Don't apologize and address the question."))).toEqual({
      addresses: 1,
      empathy: -1,
    });
  });

  it("leaves out a criterion asked for and against equally often", () => {
    expect(criterionStances("Be concise. Do not be brief.").has("concise")).toBe(false);
  });
});

describe("criteriaMentionedIn", () => {
  it("finds criteria mentioned either way, as critiques do", () => {
    const mentioned = criteriaMentionedIn("It gives no timeframe, and it offers no concrete next step.");

    expect([...mentioned]).toEqual(["nextStep", "timeframe"]);
  });
});
