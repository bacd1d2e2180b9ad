import { beforeAll, describe, expect, it } from "vitest";
import { parseRunSummary, type RunSummary } from "../summary.ts";
import { buildReport } from "../write-report.ts";
import { mismatchedMetrics } from "./report-checks.ts";
import { buildSampleSummary, withoutGenerator } from "./sample-summary.ts";

let summary: RunSummary;

beforeAll(async () => {
  summary = await buildSampleSummary();
});

describe("buildSampleSummary", () => {
  it("produces a valid summary of a simulated run that completed every step", () => {
    const parsed = parseRunSummary(summary);

    expect(parsed.overview.simulated).toBe(true);
    expect(parsed.overview.status).toBe("completed");
    expect(Object.keys(parsed.notRun)).toEqual([]);
    expect(parsed.overview.spend.calls).toBeGreaterThan(500);
  });

  it("records real simulated outcomes: the criteria-naming judge agrees with the gold model more than the vague one", () => {
    const validation = summary.judge?.validation;

    expect(validation?.optimized.accuracy.value).toBeGreaterThan(validation?.baseline.accuracy.value ?? 1);
    expect(summary.judge?.validation.optimized.n).toBe(35);
  });

  it("lists exactly the flips the paired comparisons found", () => {
    const fromComparisons = (["train", "holdout"] as const).flatMap((split) => {
      const flips = summary.generator?.[split].flips;
      return [...(flips?.failToPass ?? []), ...(flips?.passToFail ?? [])].map((id) => `${split}/${id}`);
    });

    const listed = summary.flips?.examples.map((flip) => `${flip.split}/${flip.id}`) ?? [];

    expect(listed.sort()).toEqual(fromComparisons.sort());
  });

  it("renders a report whose every number equals summary.json", async () => {
    const { html, summaryJson } = await buildReport(summary);

    expect(mismatchedMetrics(html, summaryJson)).toEqual([]);
  });
});

describe("withoutGenerator", () => {
  it("turns the sample into a valid run that stopped at the gate", () => {
    const stopped = parseRunSummary(withoutGenerator(summary));

    expect(stopped.generator).toBeUndefined();
    expect(stopped.notRun.generator).toBe("the judge did not pass the gate");
    expect(stopped.judge?.gate.allowed).toBe(false);
  });
});
