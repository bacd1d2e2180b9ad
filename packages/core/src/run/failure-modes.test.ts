import { describe, expect, it } from "vitest";
import { evaluate } from "../evaluate/evaluate.ts";
import type { LM } from "../lm/types.ts";
import { Example } from "../module/example.ts";
import { SimLM } from "../sim/sim-lm.ts";
import { failingCritiques } from "./compare-gold.ts";
import {
  countFailureModes,
  type FailingCritique,
  failureModeInputs,
  failureModeProgram,
  failureModesOf,
  parseFailureModes,
} from "./failure-modes.ts";

const critique = (side: FailingCritique["side"], exampleId: string, text: string): FailingCritique => ({
  id: `${side}:${exampleId}`,
  exampleId,
  side,
  critique: text,
});

const critiques = [
  critique("baseline", "c1", "It offers no concrete next step."),
  critique("baseline", "c2", "Its tone is dismissive; it offers no concrete next step."),
  critique("baseline", "c3", "It is too long (120 words)."),
  critique("optimized", "c1", "It is too long (95 words)."),
  critique("optimized", "c4", "The agent was unhelpful."),
];

describe("parseFailureModes", () => {
  it("keeps known ids once, drops unknown ones and puts the missing ones in other", () => {
    const answer = JSON.stringify({
      modes: [
        { name: "No next step", description: "No action offered.", ids: ["baseline:c1", "baseline:c2", "nope:x"] },
        { name: "Too long", description: "Rambles.", ids: ["baseline:c3", "optimized:c1", "baseline:c1"] },
      ],
    });
    const parsed = parseFailureModes(`\`\`\`json\n${answer}\n\`\`\``, critiques);
    expect(parsed.modes.map((m) => [m.name, m.ids])).toEqual([
      ["No next step", ["baseline:c1", "baseline:c2"]],
      ["Too long", ["baseline:c3", "optimized:c1"]],
      ["other", ["optimized:c4"]],
    ]);
    const counts = countFailureModes(parsed, critiques);
    expect(counts.map((m) => [m.name, m.baseline, m.optimized])).toEqual([
      ["No next step", 2, 0],
      ["Too long", 1, 1],
      ["other", 0, 1],
    ]);
    expect(counts.find((m) => m.name === "Too long")?.exampleIds).toEqual(["c3", "c1"]);
  });

  it("rejects an answer that is not JSON or has no modes list, or a mode without a name", () => {
    expect(() => parseFailureModes("The modes are: tone, length", critiques)).toThrow(/not JSON/);
    expect(() => parseFailureModes('{"groups":[]}', critiques)).toThrow(/no `modes` list/);
    expect(() => parseFailureModes('{"modes":[{"ids":["baseline:c1"]}]}', critiques)).toThrow(/mode 1 has no name/);
  });
});

/** Runs the grouping program once on `lm`, as the compare stage's job does, and reads its record. */
async function groupWith(lm: LM, items: readonly FailingCritique[]) {
  const example = new Example(failureModeInputs(items), { id: "failure-modes", inputs: ["critiques"] });
  const { records } = await evaluate(failureModeProgram(), [example], () => true, { lm, temperature: 0 });
  const [record] = records;
  if (!record) throw new Error("no record");
  return failureModesOf(record, items, lm.model);
}

describe("failureModesOf", () => {
  it("groups the simulator's way: by the reply check each critique quotes, labelled simulated", async () => {
    const result = await groupWith(new SimLM("sim/strong"), critiques);
    expect(result.notRun).toBeUndefined();
    expect(result.simulated).toBe(true);
    expect(result.model).toBe("sim/strong");
    expect(result.failing).toEqual({ baseline: 3, optimized: 2 });
    expect(result.modes.map((m) => [m.name, m.baseline, m.optimized])).toEqual([
      ["No next step", 2, 0],
      ["Wrong length", 1, 1],
      ["other", 0, 1],
    ]);
    const sum = (side: "baseline" | "optimized") => result.modes.reduce((total, m) => total + m[side], 0);
    expect([sum("baseline"), sum("optimized")]).toEqual([3, 2]);
  });

  it("puts every critique of a prompt in one line, so an id cannot be split", () => {
    const inputs = failureModeInputs([critique("baseline", "c9", "  Too\n long,\tand   rude. ")]);
    expect(inputs).toEqual({ critiques: "[baseline:c9] Too long, and rude." });
  });

  it("leaves the section not run, with the reason, when the call fails or its answer cannot be read", async () => {
    // A provider that answers every call with a 500, and one whose answers no parser can read.
    const failed = await groupWith(new SimLM("sim/strong", { faults: "500:1" }), critiques);
    expect(failed.modes).toEqual([]);
    expect(failed.failing).toEqual({ baseline: 3, optimized: 2 });
    expect(failed.notRun).toMatch(/^the failure-mode call failed: .*500/);
    const garbled = await groupWith(new SimLM("sim/strong", { faults: "malformed:1" }), critiques);
    expect(garbled.modes).toEqual([]);
    expect(garbled.notRun).toMatch(/^the failure-mode call failed: /);
  });
});

describe("failingCritiques", () => {
  it("takes the replies gold failed that have a critique, in id order", () => {
    const gold = new Map([
      ["b", { verdict: false, critique: "It gives no timeframe.", source: "model" as const }],
      ["a", { verdict: false, critique: "It is not signed.", source: "model" as const }],
      ["c", { verdict: true, critique: "Fine.", source: "model" as const }],
      ["d", { verdict: false, critique: null, source: "model" as const }],
    ]);
    expect(failingCritiques("optimized", gold).map((c) => c.id)).toEqual(["optimized:a", "optimized:b"]);
  });
});
