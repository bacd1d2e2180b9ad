import { describe, expect, it } from "vitest";
import { assessReply, criteriaNamedIn, simulatedTruth } from "./world.ts";

const customer = "Company: Delta Air Lines\nTranscript so far: Customer: My bag never arrived in Boston. Where is it?";

describe("simulatedTruth", () => {
  it("passes a polite reply that addresses the topic, offers a next step and shows specific empathy", () => {
    // Prepare
    const transcript = `${customer}\nSupport: We're sorry your bag did not make it to Boston. Please DM us your bag tag number and we'll track it down.`;

    // Act
    const truth = simulatedTruth(transcript);

    // Assess
    expect(truth.verdict).toBe(true);
    expect(truth.score).toBe(1);
    expect(truth.topics).toContain("baggage");
  });

  it("fails a reply with only a generic apology and no next step", () => {
    const truth = simulatedTruth(
      `${customer}\nSupport: We apologize for any inconvenience. Have a nice day, and thanks for writing.`,
    );

    expect(truth.verdict).toBe(false);
    expect(truth.criteria.empathy).toEqual({ met: false, evidence: "its empathy is generic" });
    expect(truth.criteria.nextStep.met).toBe(false);
    expect(truth.criteria.addresses.met).toBe(false);
  });

  it("fails a rude reply even when every other criterion is met", () => {
    const truth = simulatedTruth(
      `${customer}\nSupport: Sorry about your bag. DM us your bag tag number. Honestly, it is not our problem you packed badly.`,
    );

    expect(truth.criteria.polite.met).toBe(false);
    expect(truth.score).toBeGreaterThanOrEqual(0.75);
    expect(truth.verdict).toBe(false);
  });

  it("marks replies outside the 10-70 word band as not concise", () => {
    const short = simulatedTruth(`${customer}\nSupport: DM us your bag tag.`);
    const long = simulatedTruth(`${customer}\nSupport: ${"Our baggage team is looking at it. ".repeat(12)}`);

    expect(short.criteria.concise.evidence).toBe("it is too short (5 words)");
    expect(long.criteria.concise.met).toBe(false);
  });

  it("judges the last support turn against the customer turns just before it", () => {
    const transcript = `${customer}\nSupport: Sorry to hear about your bag! DM us the tag number.\nCustomer: Also, can I get a refund for my seat upgrade?\nSupport: Thanks for writing in.`;

    const truth = simulatedTruth(transcript);

    expect(truth.topics).toEqual(["refund", "booking"]);
    expect(truth.criteria.addresses.met).toBe(false);
  });

  it("returns a failing truth without a reply when the transcript ends on the customer", () => {
    const truth = simulatedTruth(customer);

    expect(truth.hasReply).toBe(false);
    expect(truth.verdict).toBe(false);
  });
});

describe("assessReply", () => {
  it("counts two shared content words as addressing a message without a known topic", () => {
    const truth = assessReply(
      "The pilot announced a strange noise from the left engine during our climb out of Denver",
      "Thanks for flagging the engine noise; our maintenance team inspects every report like this one carefully.",
    );

    expect(truth.criteria.addresses.met).toBe(true);
  });
});

describe("criteriaNamedIn", () => {
  it("finds each criterion by its keyword family", () => {
    const named = criteriaNamedIn(
      "Check the reply addresses the question, gives a next step, acknowledges feelings, is brief and polite.",
    );

    expect([...named]).toEqual(["addresses", "nextStep", "empathy", "concise", "polite"]);
  });

  it("finds none in vague instructions", () => {
    expect(criteriaNamedIn("Decide whether the customer is satisfied.").size).toBe(0);
  });
});
