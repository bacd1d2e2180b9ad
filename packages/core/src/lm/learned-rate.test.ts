import { describe, expect, it } from "vitest";
import { LearnedRate } from "./learned-rate.ts";

/** Successes at `perSecond` from `from` ms for `seconds`, evenly spaced. */
function succeed(learned: LearnedRate, perSecond: number, seconds: number, from = 0, saturated = false): number {
  const count = perSecond * seconds;
  for (let i = 0; i < count; i++) learned.recordServed(from + (i * 1000) / perSecond, saturated);
  return from + seconds * 1000;
}

describe("LearnedRate", () => {
  it("learns nothing from a 429 before the window holds five successes", () => {
    const learned = new LearnedRate();
    learned.recordStart(0);
    learned.recordServed(10);
    learned.recordServed(20);

    expect(learned.rateLimited(30)).toBeUndefined();
    expect(learned.rpm).toBeUndefined();
  });

  it("drops to the rate that succeeded over the last window when a 429 comes", () => {
    const learned = new LearnedRate({ windowMs: 10_000 });
    learned.recordStart(0);
    const end = succeed(learned, 20, 12);

    expect(learned.rateLimited(end)).toBeCloseTo(1200, -1);
  });

  it("measures over at least one second, so an opening burst does not read as a huge rate", () => {
    const learned = new LearnedRate();
    learned.recordStart(0);
    for (let i = 0; i < 20; i++) learned.recordServed(100);

    expect(learned.rateLimited(200)).toBe(1200);
  });

  it("at most halves the rate on one 429, so a 429 during a lull cannot starve what follows", () => {
    const learned = new LearnedRate();
    learned.recordStart(0);
    const end = succeed(learned, 10, 10);
    learned.rateLimited(end);
    learned.recordServed(end + 5000);

    expect(learned.rateLimited(end + 20_000)).toBe(300);
  });

  it("keeps its rate through a stray 429 at a rate the provider sustains", () => {
    const learned = new LearnedRate();
    learned.recordStart(0);
    const end = succeed(learned, 10, 10);
    const before = learned.rateLimited(end);
    const later = succeed(learned, 10, 5, end);

    expect(learned.rateLimited(later)).toBeCloseTo(before ?? 0, -1);
  });

  it("grows a step per success only while callers queue on the rate", () => {
    const learned = new LearnedRate({ probeRpmPerSuccess: 3 });
    learned.recordStart(0);
    const end = succeed(learned, 10, 10);
    const base = learned.rateLimited(end) ?? 0;

    succeed(learned, 10, 1, end, false);
    expect(learned.rpm).toBe(base);
    succeed(learned, 10, 1, end + 1000, true);
    expect(learned.rpm).toBe(base + 30);
  });

  it("never learns a rate below its floor", () => {
    const learned = new LearnedRate({ floorRpm: 6 });
    learned.recordStart(0);
    learned.rateLimited(succeed(learned, 1, 5));
    for (let t = 100_000; t < 200_000; t += 10_000) learned.rateLimited(t);

    expect(learned.rpm).toBe(6);
  });
});
