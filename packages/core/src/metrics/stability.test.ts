import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { judgeStability } from "./stability.ts";

describe("judgeStability", () => {
  it("measures each example's flips against its majority verdict", () => {
    const report = judgeStability([
      { id: "steady", verdicts: [true, true, true] },
      { id: "wobbly", verdicts: [true, false, true] },
      { id: "split", verdicts: [true, false, false, true] },
    ]);

    expect(report.perExample).toEqual([
      { id: "steady", repeats: 3, passes: 3, majority: true, flipRate: 0, anyFlip: false },
      { id: "wobbly", repeats: 3, passes: 2, majority: true, flipRate: 1 / 3, anyFlip: true },
      { id: "split", repeats: 4, passes: 2, majority: null, flipRate: 0.5, anyFlip: true },
    ]);
  });

  it("pools the overall flip rate over all verdicts and counts unstable examples", () => {
    const report = judgeStability([
      { id: "a", verdicts: [false, false, false, false, false] },
      { id: "b", verdicts: [false, false, false, false, true] },
      { id: "c", verdicts: [true, true, true, true, true] },
      { id: "d", verdicts: [true, false, true, true, false] },
    ]);

    expect(report.flipRate).toBeCloseTo(3 / 20, 12);
    expect(report.unstableExamples).toBe(2);
    expect(report.unstableFraction.value).toBe(0.5);
    expect(report.unstableFraction.interval?.method).toBe("wilson");
    expect(report.repeats).toEqual({ min: 5, max: 5 });
  });

  it("returns nulls rather than NaN for no examples", () => {
    const report = judgeStability([]);

    expect(report.flipRate).toBeNull();
    expect(report.repeats).toBeNull();
    expect(report.unstableFraction.reason).toBe("no examples");
  });

  it("rejects empty verdict lists and repeated ids, naming the example", () => {
    expect(() => judgeStability([{ id: "e1", verdicts: [] }])).toThrow(JudgeloopError);
    expect(() => judgeStability([{ id: "e1", verdicts: [] }])).toThrow(
      'example "e1": verdicts must be a non-empty list',
    );
    expect(() =>
      judgeStability([
        { id: "e1", verdicts: [true] },
        { id: "e1", verdicts: [false] },
      ]),
    ).toThrow('example id "e1" appears more than once');
  });
});
