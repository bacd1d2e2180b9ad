import { ChainOfThought } from "../../module/chain-of-thought.ts";
import type { Demo } from "../../module/state.ts";
import { SimLM, simWorldOf } from "../sim-lm.ts";
import { simulatedTruth } from "../world.ts";

// Test support: how often a simulated ChainOfThought judge (rendered by the real JSONAdapter)
// agrees with the truth of the world its model name picks.

/**
 * The share of `transcripts` on which a `model` judge with `instructions` and `demos` gives
 * the truth of the model's world.
 *
 * @example
 * await judgeAgreement("sim/default~evidence", "Decide whether the customer is satisfied.", transcripts);
 */
export async function judgeAgreement(
  model: string,
  instructions: string,
  transcripts: readonly string[],
  demos: Demo[] = [],
): Promise<number> {
  const world = simWorldOf(model);
  const judge = new ChainOfThought("transcript: string -> satisfied: boolean", { lm: new SimLM(model), demos });
  judge.signature = judge.signature.withInstructions(instructions);
  let agreed = 0;
  for (const transcript of transcripts) {
    if ((await judge.call({ transcript })).get("satisfied") === simulatedTruth(transcript, world).verdict) agreed++;
  }
  return agreed / transcripts.length;
}
