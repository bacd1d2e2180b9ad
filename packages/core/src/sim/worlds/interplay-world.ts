import type { SimWorld } from "../sim-world.ts";

/**
 * A world where instructions and demos interact. A good reply is polite and meets two of:
 * addresses the question, offers a next step, is signed by the agent ("-Anwar", "^JH"). The
 * signature cannot be asked for in words (the simulated model ignores instructions about it);
 * judge demos teach it, but only demos that agree with what the instruction asks; demos that
 * conflict with the instruction make the judge worse.
 */
export const interplayWorld: SimWorld = {
  name: "interplay",
  about: "polite plus two of: addresses, next step, agent signature (taught only by agreeing demos)",
  criteria: ["addresses", "nextStep", "signed", "polite"],
  weights: { addresses: 0.3, nextStep: 0.25, signed: 0.25, polite: 0.2 },
  unnameable: ["signed"],
  passes: (checks, score) => checks.polite.met && score >= 0.7 - 1e-9,
  proposer: "prior",
  demos: "agreement",
  writerInstructions: "Answer the customer's question directly, give a concrete next step and stay polite.",
};
