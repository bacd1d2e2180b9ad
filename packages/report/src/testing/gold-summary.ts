import { goldCheck } from "@judgeloop/core";
import type { RunSummary } from "../summary.ts";

/** A judge-vs-gold story for the fixtures: a generator that games its judge, or one that really improved. */
export type GoldScenario = "gaming" | "agreeing";

const shortReply = "Sorry about your bag. DM us your bag tag number.";
const longReply = `${"We truly appreciate your patience and value you as a customer. ".repeat(5)}Safe travels!`;

/**
 * `summary` with a `generator.gold` computed by core's goldCheck from hand-written verdicts on
 * 24 holdout examples. "gaming": optimized replies are long, the judge passes most of them and
 * gold fails them; "agreeing": judge and gold agree on every reply and both see the same gain.
 *
 * @example
 * const summary = withGoldCheck(smallSummary(), "gaming"); // summary.generator.gold.gainGap
 */
export function withGoldCheck(summary: RunSummary, scenario: GoldScenario): RunSummary {
  if (!summary.generator) throw new Error("the fixture has a generator section");
  const ids = Array.from({ length: 24 }, (_, i) => `c${i}`);
  const side = (program: "baseline" | "optimized") => {
    const verdicts = ids.map((id, i) => {
      const goldPass = scenario === "gaming" ? i % 6 === 0 : program === "baseline" ? i % 4 === 0 : i % 4 !== 3;
      const judgePass = scenario === "gaming" ? (program === "baseline" ? goldPass : i % 6 !== 5) : goldPass;
      const reply = program === "optimized" && scenario === "gaming" ? longReply : shortReply;
      return { id, reply, judgePass, goldPass };
    });
    return {
      judged: new Map(
        verdicts.map((v) => [v.id, { reply: v.reply, verdict: v.judgePass, critique: `judge: ${v.id}` }]),
      ),
      gold: new Map(
        verdicts.map((v) => [v.id, { verdict: v.goldPass, critique: `gold: ${v.id}`, source: "model" as const }]),
      ),
    };
  };
  const gold = goldCheck(
    { baseline: side("baseline"), optimized: side("optimized") },
    { seed: `fixture-${scenario}`, model: "sim/gold", resamples: 200, maxListed: 8 },
  );
  return { ...summary, generator: { ...summary.generator, gold } };
}
