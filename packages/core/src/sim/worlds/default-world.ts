import type { SimWorld } from "../sim-world.ts";

/**
 * The original world: a good reply addresses the question, offers a next step, shows specific
 * empathy, is concise and polite; it passes when polite with a weighted score of at least 0.75.
 * Its criteria are also the simulated model's prior, so common-sense instructions fit it.
 */
export const defaultWorld: SimWorld = {
  name: "default",
  about: "addresses the question, next step, specific empathy, concise, polite (the model's prior)",
  criteria: ["addresses", "nextStep", "empathy", "concise", "polite"],
  weights: { addresses: 0.3, nextStep: 0.25, empathy: 0.15, concise: 0.1, polite: 0.2 },
  unnameable: [],
  passes: (checks, score) => checks.polite.met && score >= 0.75 - 1e-9,
  proposer: "prior",
  demos: "labels",
  writerInstructions:
    "Answer the customer's question directly, give a concrete next step, show empathy for their specific problem, " +
    "stay polite and keep it concise.",
};
