import type { SimWorld } from "../sim-world.ts";

/**
 * A world whose rule differs from the model's prior: a good reply addresses the question, never
 * blames the customer, and either gives a timeframe or asks for the booking reference. Empathy,
 * concision and tone do not count. Its proposer names a criterion only when critiques or
 * mislabelled examples in its prompt point to it, so the rule has to be discovered from evidence.
 */
export const evidenceWorld: SimWorld = {
  name: "evidence",
  about: "addresses the question, no blame, and a timeframe or a booking-reference request (found from evidence)",
  criteria: ["addresses", "timeframe", "asksReference", "noBlame"],
  weights: { addresses: 0.3, timeframe: 0.25, asksReference: 0.25, noBlame: 0.2 },
  unnameable: [],
  // 0.2 (no blame) + 0.3 (addresses) + 0.25 (either) reaches it; timeframe + reference without
  // addressing the question (0.7) does not.
  passes: (checks, score) => checks.noBlame.met && score >= 0.75 - 1e-9,
  proposer: "evidence",
  demos: "labels",
  writerInstructions:
    "Answer the customer's question directly, tell them the timeframe they can expect, ask for " +
    "their booking reference, and never blame the customer.",
};
