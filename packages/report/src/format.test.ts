import { describe, expect, it } from "vitest";
import { decimal, duration, estimate, integer, metric, percent, percentPoints, pValue, usd } from "./format.ts";

describe("formatters", () => {
  it("show proportions as percentages with one decimal", () => {
    expect(percent(0.7254)).toBe("72.5%");
    expect(percentPoints(-0.125)).toBe("−12.5 pp");
  });

  it("show statistics, p-values, counts, money and durations readably", () => {
    expect(decimal(-0.04123)).toBe("−0.041");
    expect(pValue(0.00002)).toBe("< 0.001");
    expect(pValue(0.0312)).toBe("0.031");
    expect(integer(12345)).toBe("12,345");
    expect(usd(0.01234)).toBe("$0.0123");
    expect(usd(12.5)).toBe("$12.50");
    expect(duration(125_400)).toBe("2m 05s");
  });
});

describe("metric", () => {
  it("tags the formatted number with its summary path and raw value", () => {
    const markup = metric("judge.validation.optimized.kappa.value", 0.61234, decimal).value;

    expect(markup).toBe(
      '<span class="num" data-metric="judge.validation.optimized.kappa.value" data-value="0.61234">0.612</span>',
    );
  });

  it("shows a null value as n/a with its reason", () => {
    const markup = metric(
      "judge.train.baseline.precision.value",
      null,
      percent,
      "the judge predicted no positives",
    ).value;

    expect(markup).toContain('data-value="null"');
    expect(markup).toContain('title="the judge predicted no positives"');
    expect(markup).toContain(">n/a<");
  });
});

describe("estimate", () => {
  it("shows the value and both interval bounds, each tagged", () => {
    const markup = estimate("x", { value: 0.5, interval: { lower: 0.25, upper: 0.75 } }, percent).value;

    expect(markup).toContain('data-metric="x.value" data-value="0.5">50.0%');
    expect(markup).toContain('data-metric="x.interval.lower" data-value="0.25">25.0%');
    expect(markup).toContain('data-metric="x.interval.upper" data-value="0.75">75.0%');
  });
});
