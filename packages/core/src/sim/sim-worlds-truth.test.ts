import { describe, expect, it } from "vitest";
import { createGoldJudge, goldLabels } from "../data/gold-judge.ts";
import { Predict } from "../module/predict.ts";
import { criteriaMentionedIn } from "./instruction-reading.ts";
import { SimLM } from "./sim-lm.ts";
import type { SimWorld } from "./sim-world.ts";
import { simWorlds } from "./sim-worlds.ts";
import { judgedTranscripts, pendingTranscripts } from "./testdata/airline-transcripts.ts";
import { judgeAgreement } from "./testdata/judge-agreement.ts";
import { simulatedTruth } from "./world.ts";

// Per world: 100 real replies (mostly failing) and 100 replies written in that world under its
// writer instructions (mostly passing), so verdicts of both kinds are judged.

const vague = "Decide whether the customer is satisfied.";
const real = judgedTranscripts(100);
const pending = pendingTranscripts(100);

async function worldData(world: SimWorld): Promise<string[]> {
  const writer = new Predict("transcript -> reply", { lm: new SimLM(`sim/strong~${world.name}`) });
  writer.signature = writer.signature.withInstructions(world.writerInstructions);
  const written: string[] = [];
  for (const t of pending)
    written.push(`${t}\nSupport: ${String((await writer.call({ transcript: t })).get("reply"))}`);
  return [...real, ...written];
}

function agreement(world: SimWorld, instructions: string, data: readonly string[]): Promise<number> {
  return judgeAgreement(`sim/default~${world.name}`, instructions, data);
}

describe("simulatedTruth across worlds", () => {
  it("gives different verdicts on at least 10% of the same transcripts in every pair of worlds", async () => {
    // Prepare
    const data = [...real, ...(await worldData(simWorlds()[0] as SimWorld)).slice(100)];

    // Act
    const verdicts = simWorlds().map((world) => data.map((t) => simulatedTruth(t, world).verdict));

    // Assess
    for (let a = 0; a < verdicts.length; a++) {
      for (let b = a + 1; b < verdicts.length; b++) {
        const differ = data.filter((_, i) => verdicts[a]?.[i] !== verdicts[b]?.[i]).length;
        expect(differ / data.length, `${simWorlds()[a]?.name} vs ${simWorlds()[b]?.name}`).toBeGreaterThanOrEqual(0.1);
      }
    }
  });
});

describe("simulated judges in every world", () => {
  for (const world of simWorlds()) {
    it(`agree at least 15 points more often in ${world.name} when the instructions name its criteria`, async () => {
      const data = await worldData(world);
      const naming = `Judge the final Support reply. It passes only if it does all of this: ${world.writerInstructions}`;

      const withVague = await agreement(world, vague, data);
      const withCriteria = await agreement(world, naming, data);

      expect(withCriteria - withVague).toBeGreaterThanOrEqual(0.15);
    });
  }
});

describe("goldLabels in every world", () => {
  it("labels with each world's truth when the gold model picks the world", async () => {
    const rows = judgedTranscripts(60, "gold-rows").map((t, i) => ({ conversation_id: `c${i}`, transcript: t }));
    const byWorld: boolean[][] = [];

    for (const world of simWorlds()) {
      const result = await goldLabels(rows, createGoldJudge(), {
        lm: new SimLM(`sim/gold~${world.name}`),
        transcriptField: "transcript",
      });
      const labels = rows.map((row) => result.labels.find((l) => l.conversation_id === row.conversation_id)?.satisfied);
      expect(labels).toEqual(rows.map((row) => simulatedTruth(row.transcript, world).verdict));
      byWorld.push(labels as boolean[]);
    }

    expect(new Set(byWorld.map((labels) => JSON.stringify(labels))).size).toBe(simWorlds().length);
  });
});

describe("simulated judges' words", () => {
  it("never name a hidden criterion the judge was not told about", async () => {
    // Prepare
    const evidenceWorld = simWorlds().find((w) => w.name === "evidence") as SimWorld;
    const data = await worldData(evidenceWorld);
    const critics = ["Decide whether the customer is satisfied.", "Pass the reply only if it addresses the question."];

    // Act
    const texts: string[] = [];
    for (const instructions of critics) {
      const judge = new Predict("transcript: string -> critique: string, satisfied: boolean", {
        lm: new SimLM("sim/default~evidence"),
      });
      judge.signature = judge.signature.withInstructions(instructions);
      for (const transcript of data) texts.push(String((await judge.call({ transcript })).get("critique")));
    }

    // Assess
    const mentioned = new Set(texts.flatMap((t) => [...criteriaMentionedIn(t)]));
    expect(mentioned.has("addresses")).toBe(true);
    for (const hidden of ["timeframe", "asksReference", "noBlame"] as const) expect(mentioned.has(hidden)).toBe(false);
  });
});
