import { describe, expect, it } from "vitest";
import { synthesisPredictor } from "../data/synthesis-plan.ts";
import { checkSynthesizedTurns } from "../data/synthesized-turns.ts";
import { SimLM } from "./sim-lm.ts";

const inputs = (turnCount: number) => ({
  company: "Delta Air Lines",
  seed_question: "My bag never arrived in Denver, where is it?",
  turn_count: turnCount,
  customer_style: "polite and brief",
});

describe("the simulator on the synthesis prompt", () => {
  it("opens with the seed question and writes the asked number of alternating turns", async () => {
    const prediction = await synthesisPredictor().call(inputs(4), { lm: new SimLM("sim/gold") });

    const checked = checkSynthesizedTurns(prediction.get("turns"), { min: 4, max: 4 });

    expect(checked.ok).toBe(true);
    expect(checked.ok && checked.turns[0]?.text).toContain("My bag never arrived in Denver, where is it?");
    expect(checked.ok && checked.turns[1]?.text).toMatch(/bag/i);
  });

  it("labels its answers simulated", async () => {
    const calls: boolean[] = [];

    await synthesisPredictor().call(inputs(2), {
      lm: new SimLM("sim/strong"),
      onCall: (call) => calls.push(call.simulated),
    });

    expect(calls).toEqual([true]);
  });

  it("breaks a rule more often as a weak model than as a strong one", async () => {
    const broken = async (model: string) => {
      let count = 0;
      for (let rolloutId = 0; rolloutId < 150; rolloutId++) {
        const prediction = await synthesisPredictor().call(inputs(4), {
          lm: new SimLM(model),
          rolloutId,
          temperature: 1,
        });
        if (!checkSynthesizedTurns(prediction.get("turns"), { min: 4, max: 4 }).ok) count++;
      }
      return count;
    };

    const [weak, gold] = [await broken("sim/weak"), await broken("sim/gold")];

    expect(gold).toBe(0);
    expect(weak).toBeGreaterThan(5);
  });
});
