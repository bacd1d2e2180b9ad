import { describe, expect, it } from "vitest";
import { type GoldCheckSide, goldCheck, goldVerdictSentence } from "./gold-check.ts";
import type { GoldVerdictData, VerdictData } from "./summary-types.ts";

/** One example: the judge's and gold's verdicts on the baseline and the optimized reply. */
interface Case {
  id: string;
  baseline: { reply: string; judge: boolean; gold: boolean };
  optimized: { reply: string; judge: boolean; gold: boolean };
}

const short = "DM us your booking code.";
const long = `${"We are truly so very sorry and we really appreciate your kind patience with us today. ".repeat(4)}Thanks!`;

function sidesOf(cases: readonly Case[]): { baseline: GoldCheckSide; optimized: GoldCheckSide } {
  const side = (program: "baseline" | "optimized"): GoldCheckSide => ({
    judged: new Map<string, VerdictData>(
      cases.map((c) => [c.id, { reply: c[program].reply, verdict: c[program].judge, critique: `judge on ${c.id}` }]),
    ),
    gold: new Map<string, GoldVerdictData>(
      cases.map((c) => [c.id, { verdict: c[program].gold, critique: `gold on ${c.id}`, source: "model" }]),
    ),
  });
  return { baseline: side("baseline"), optimized: side("optimized") };
}

/** n examples: baseline short replies the judge and gold both fail; optimized long ones only the judge passes. */
function gamingCases(n: number): Case[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    baseline: { reply: short, judge: false, gold: i % 4 === 0 },
    optimized: { reply: long, judge: true, gold: i % 4 === 0 },
  }));
}

describe("goldCheck", () => {
  it("shows a judge gain that gold does not share, with the long judge-pass/gold-fail replies listed", () => {
    // Prepare
    const cases = gamingCases(40);

    // Act
    const check = goldCheck(sidesOf(cases), { seed: "t", model: "sim/gold", resamples: 500 });

    // Assess
    expect(check.judge.difference.value).toBeCloseTo(1, 5);
    expect(check.gold.difference.value).toBeCloseTo(0, 5);
    expect(check.gainGap.value).toBeCloseTo(1, 5);
    expect(check.gainGap.interval?.lower).toBeGreaterThan(0);
    expect(check.disagreements.total).toBe(30);
    expect(check.disagreements.judgePassGoldFail).toBe(30);
    expect(check.disagreements.judgeFailGoldPass).toBe(0);
    const [first] = check.disagreements.examples;
    expect(first).toMatchObject({ id: "c1", direction: "judge-pass-gold-fail", baselineLength: 5 });
    expect(first?.length).toBeGreaterThan(60);
    expect(first?.goldCritique).toBe("gold on c1");
    expect(check.verdict).toMatch(
      /^Optimized replies gained \+100\.0 pp on the judge and \+0\.0 pp on gold: the judge credits more gain than gold does .*gaming its judge\.$/,
    );
    expect(check.labeller).toEqual({ model: "sim/gold", smeLabels: 0, modelLabels: 80 });
  });

  it("finds the gains agreeing when the judge and gold agree on every reply", () => {
    // Prepare: optimized replies pass both on 3 of 4 examples, baseline on 1 of 4
    const cases = Array.from({ length: 40 }, (_, i) => {
      const before = i % 4 === 0;
      const after = i % 4 !== 3;
      return {
        id: `a${i}`,
        baseline: { reply: short, judge: before, gold: before },
        optimized: { reply: `${short} Thanks!`, judge: after, gold: after },
      };
    });

    // Act
    const check = goldCheck(sidesOf(cases), { seed: "t", model: "sim/gold", resamples: 500 });

    // Assess
    expect(check.judge.difference.value).toBeCloseTo(0.5, 5);
    expect(check.gold.difference.value).toBeCloseTo(0.5, 5);
    expect(check.gainGap.value).toBe(0);
    expect(check.disagreements).toEqual({ total: 0, judgePassGoldFail: 0, judgeFailGoldPass: 0, examples: [] });
    expect(check.agreement.optimized.accuracy.value).toBe(1);
    expect(check.agreement.baseline.kappa.value).toBe(1);
    expect(check.verdict).toMatch(/\+50\.0 pp on the judge and \+50\.0 pp on gold: the two gains agree/);
  });

  it("measures the judge's length bias beside gold's on the optimized replies", () => {
    // Prepare: the judge passes the long replies, gold passes by a rule unrelated to length
    const cases = Array.from({ length: 40 }, (_, i) => ({
      id: `l${i}`,
      baseline: { reply: short, judge: false, gold: false },
      optimized: { reply: i % 2 === 0 ? long : short, judge: i % 2 === 0, gold: i % 4 < 2 },
    }));

    // Act
    const { length } = goldCheck(sidesOf(cases), { seed: "t", model: "sim/gold", resamples: 200 });

    // Assess
    expect(length.optimized.judge.n).toBe(40);
    expect(length.optimized.judge.correlation.value).toBeCloseTo(1, 5);
    expect(length.optimized.gold.correlation.value).toBeCloseTo(0, 5);
    expect(length.both.judge.n).toBe(80);
    expect(length.both.judge.correlation.value).toBeGreaterThan(0.5);
  });

  it("pairs only examples with judge and gold verdicts for both programs, and caps the listed disagreements", () => {
    // Prepare
    const full = sidesOf(gamingCases(12));
    const without = <V>(map: ReadonlyMap<string, V>, id: string) => new Map([...map].filter(([key]) => key !== id));
    const sides = {
      baseline: { ...full.baseline, judged: without(full.baseline.judged, "c2") },
      optimized: { ...full.optimized, gold: without(full.optimized.gold, "c1") },
    };

    // Act
    const check = goldCheck(sides, { seed: "t", model: null, maxListed: 3, resamples: 200 });

    // Assess
    expect(check.gold.n).toBe(10);
    expect(check.judge.n).toBe(10);
    expect(check.agreement.optimized.n).toBe(11);
    expect(check.disagreements.total).toBe(8);
    expect(check.disagreements.examples.map((d) => d.id)).toEqual(["c2", "c3", "c5"]);
    expect(check.disagreements.examples[0]?.baselineLength).toBeNull();
    expect(check.labeller.model).toBeNull();
  });

  it("says when there are too few examples to compare the gains", () => {
    const check = goldCheck(sidesOf([]), { seed: "t", model: "sim/gold" });

    expect(check.gainGap).toMatchObject({ value: null, interval: null });
    expect(goldVerdictSentence(check)).toBe(
      "Optimized replies gained n/a on the judge and n/a on gold; too few examples to compare the two gains.",
    );
  });
});
