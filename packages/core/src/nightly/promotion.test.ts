import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import type { PassRecord } from "../metrics/paired.ts";
import { decidePromotion } from "./promotion.ts";

const results = (marks: string, prefix = "ex"): PassRecord[] =>
  [...marks].map((mark, index) => ({ id: `${prefix}${index}`, pass: mark === "1" }));

describe("decidePromotion", () => {
  it("promotes a challenger that wins significantly and records why", () => {
    // 0 pass->fail, 10 fail->pass: exact p = 2 / 2^10.
    const champion = results("0000000000" + "1111100000");
    const challenger = results("1111111111" + "1111100000");

    const decision = decidePromotion(champion, challenger, { alpha: 0.05 });

    expect(decision).toMatchObject({ promote: true, n: 20, championPasses: 5, challengerPasses: 15, b: 0, c: 10 });
    expect(decision.pValue).toBeCloseTo(2 / 1024, 12);
    expect(decision.reason).toBe(
      "promoted the challenger: a significant win (challenger passed 15/20, champion 5/20; McNemar exact p = 0.00195 < alpha 0.05)",
    );
  });

  it("keeps the champion when the challenger's win is not significant", () => {
    // 1 pass->fail, 3 fail->pass: exact p = 0.625.
    const champion = results("1000" + "111111");
    const challenger = results("0111" + "111111");

    const decision = decidePromotion(champion, challenger, { alpha: 0.05 });

    expect(decision.promote).toBe(false);
    expect(decision.reason).toBe(
      "kept the champion: the challenger's win is not significant (challenger passed 9/10, champion 7/10; McNemar exact p = 0.625 ≥ alpha 0.05)",
    );
  });

  it("keeps the champion when the challenger loses or ties, however small the p-value", () => {
    const champion = results("1111111111");
    const challenger = results("0000000000");

    const decision = decidePromotion(champion, challenger, { alpha: 0.05 });

    expect(decision.promote).toBe(false);
    expect(decision.reason).toMatch(/^kept the champion: the challenger did not win/);
  });

  it("keeps the champion when no example was scored for both, and counts the unmatched ones", () => {
    const decision = decidePromotion(results("11", "a"), results("111", "b"), { alpha: 0.05 });

    expect(decision).toMatchObject({ promote: false, n: 0, unmatched: { championOnly: 2, challengerOnly: 3 } });
    expect(decision.reason).toBe("kept the champion: no holdout example was scored for both programs");
  });

  it.each([0, 1, -0.1, Number.NaN])("rejects alpha %s", (alpha) => {
    expect(() => decidePromotion(results("1"), results("1"), { alpha })).toThrow(JudgeloopError);
  });
});
