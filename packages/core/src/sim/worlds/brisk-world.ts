import type { SimWorld } from "../sim-world.ts";

/**
 * A tuning-only world (optimizer defaults are chosen here, never on the worlds they are
 * reported on). A good reply offers a next step, shows specific empathy, is concise and never
 * blames the customer; whether it addresses the question or is polite does not count, so two of
 * the proposer's common-sense phrases are distractors and one criterion (no blame) is outside
 * its phrase bank. It passes with no blame and a weighted score of at least 0.75: no blame and a
 * next step plus empathy or concision.
 */
export const briskWorld: SimWorld = {
  name: "brisk",
  about: "next step, specific empathy, concise, no blame (a tuning world: optimizer defaults are chosen on it)",
  criteria: ["nextStep", "empathy", "concise", "noBlame"],
  weights: { nextStep: 0.3, empathy: 0.25, concise: 0.25, noBlame: 0.2 },
  unnameable: [],
  // 0.2 (no blame) + 0.3 (next step) + 0.25 (either) reaches it; empathy + concise + no blame (0.7) does not.
  passes: (checks, score) => checks.noBlame.met && score >= 0.75 - 1e-9,
  proposer: "prior",
  demos: "labels",
  writerInstructions:
    "Give the customer a concrete next step, show empathy for their specific problem, keep it concise and never " +
    "blame the customer.",
};
