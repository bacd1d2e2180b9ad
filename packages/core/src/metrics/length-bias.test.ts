import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { type LengthSample, lengthBias, responseLength } from "./length-bias.ts";

describe("responseLength", () => {
  it("counts words as whitespace-separated tokens", () => {
    expect(responseLength("  Happy to\thelp!\n ", "words")).toBe(3);
    expect(responseLength("", "words")).toBe(0);
  });

  it("counts characters as code points, so an emoji is one", () => {
    expect(responseLength("ok 👍", "chars")).toBe(4);
  });
});

describe("lengthBias", () => {
  const lengths = [12, 30, 45, 50, 61, 75, 80, 95, 110, 140];
  const verdicts = [false, false, true, false, true, false, true, true, true, true];
  const samples: LengthSample[] = lengths.map((length, i) => ({ length, verdict: verdicts[i] as boolean }));

  it("equals the textbook point-biserial formula (M1 − M0)/s · √(pq)", () => {
    const pass = lengths.filter((_, i) => verdicts[i]);
    const fail = lengths.filter((_, i) => !verdicts[i]);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const all = mean(lengths);
    const sd = Math.sqrt(lengths.reduce((s, x) => s + (x - all) ** 2, 0) / lengths.length);
    const p = pass.length / lengths.length;
    const expected = ((mean(pass) - mean(fail)) / sd) * Math.sqrt(p * (1 - p));

    const report = lengthBias(samples);

    expect(report.correlation.value).toBeCloseTo(expected, 12);
    expect(report.meanLength).toEqual({ pass: mean(pass), fail: mean(fail) });
  });

  it("gives a Fisher-z interval around a positive correlation", () => {
    const report = lengthBias(samples);

    expect(report.correlation.value).toBeGreaterThan(0);
    expect(report.correlation.interval?.method).toBe("fisher-z");
    expect(report.correlation.interval?.lower).toBeLessThan(report.correlation.value ?? 0);
    expect(report.correlation.interval?.upper).toBeGreaterThan(report.correlation.value ?? 1);
  });

  it("measures text responses in the chosen unit", () => {
    const texts: LengthSample[] = [
      { response: "No.", verdict: false },
      { response: "Sorry, no.", verdict: false },
      { response: "I have rebooked you on the 9am flight.", verdict: true },
      { response: "I have rebooked you and sent the new boarding pass by email.", verdict: true },
    ];

    const words = lengthBias(texts, { unit: "words" });
    const chars = lengthBias(texts, { unit: "chars" });

    expect(words.unit).toBe("words");
    expect(words.meanLength.fail).toBe(1.5);
    expect(chars.meanLength.fail).toBe(6.5);
  });

  it("splits pass rates into length quantile bins that cover every sample", () => {
    const report = lengthBias(samples, { bins: 4 });

    expect(report.bins.map((b) => b.passRate.denominator).reduce((a, b) => a + b, 0)).toBe(10);
    expect(report.bins[0]).toMatchObject({ minLength: 12 });
    expect(report.bins.at(-1)).toMatchObject({ maxLength: 140 });
    expect(report.bins.at(-1)?.passRate.value).toBe(1);
  });

  it("never splits equal lengths across two bins", () => {
    const tied: LengthSample[] = [5, 5, 5, 5, 5, 5, 9, 9].map((length, i) => ({ length, verdict: i % 2 === 0 }));

    const report = lengthBias(tied, { bins: 4 });

    expect(report.bins.map((b) => [b.minLength, b.maxLength])).toEqual([
      [5, 5],
      [9, 9],
    ]);
  });

  it("reports a null correlation with a reason when every verdict is the same", () => {
    const uniform = lengths.map((length) => ({ length, verdict: true }));

    const report = lengthBias(uniform);

    expect(report.correlation).toEqual({ value: null, interval: null, reason: "every verdict is the same" });
  });

  it("rejects a negative length, naming the sample", () => {
    expect(() => lengthBias([{ length: -1, verdict: true }])).toThrow(JudgeloopError);
    expect(() => lengthBias([{ length: -1, verdict: true }])).toThrow("sample 0: length must be");
  });
});
