import { describe, expect, it } from "vitest";
import { renderReport } from "../render-report.ts";
import { parseRunSummary } from "../summary.ts";
import { withGoldCheck } from "../testing/gold-summary.ts";
import { mismatchedMetrics } from "../testing/report-checks.ts";
import { smallSummary } from "../testing/small-summary.ts";
import { buildReport } from "../write-report.ts";

describe("goldPanel", () => {
  it("flags a judge that credits more gain than gold, with the verdict line and every disagreement row", async () => {
    // Prepare
    const summary = withGoldCheck(smallSummary(), "gaming");

    // Act
    const { html, summaryJson } = await buildReport(summary);

    // Assess
    expect(mismatchedMetrics(html, summaryJson)).toEqual([]);
    const verdict =
      /<p class="flag" role="note" data-gold-verdict="judge-overstates">(.*?)<\/p>/s.exec(html)?.[1] ?? "";
    const text = verdict.replace(/<[^>]+>/g, "");
    expect(text).toMatch(/^Optimized replies gained \+66\.7 pp on the judge and ±0\.0 pp on gold:/);
    expect(text).toMatch(/may be gaming its judge/);
    expect(html).toContain('data-metric="generator.gold.disagreements.total" data-value="16"');
    expect(html.match(/data-gold-direction="judge-pass-gold-fail"/g)).toHaveLength(8);
    expect(html).toContain('data-metric="generator.gold.length.both.judge.correlation.value"');
    expect(html).toContain("the gold model <code>sim/gold</code>");
  });

  it("says the gains agree when judge and gold agree on every reply", async () => {
    const page = await renderReport(withGoldCheck(smallSummary(), "agreeing"));

    expect(page).toMatch(/data-gold-verdict="agree"/);
    expect(page).toContain("The judge and gold agree on every optimized holdout reply.");
    expect(page).not.toContain("data-gold-direction");
  });

  it("shows why the gold check did not run, and nothing for a summary written before it existed", async () => {
    const base = smallSummary();
    const skipped = { ...base, notRun: { ...base.notRun, "generator.gold": "no SME label covers these replies" } };

    const withReason = await renderReport(skipped);
    const without = await renderReport(base);

    expect(withReason).toMatch(
      /<h3>Judge vs gold<\/h3><p class="not-run" data-not-run>Not run because no SME label covers these replies\.<\/p>/,
    );
    expect(without).not.toMatch(/<h3[^>]*>Judge vs gold<\/h3>/);
  });
});

describe("parseRunSummary with a gold check", () => {
  it("accepts the check core computes and refuses a notRun reason beside it", () => {
    const summary = withGoldCheck(smallSummary(), "gaming");

    expect(parseRunSummary(summary).generator?.gold?.disagreements.total).toBe(16);
    expect(() => parseRunSummary({ ...summary, notRun: { "generator.gold": "no gold" } })).toThrow(
      /notRun\.generator\.gold: generator\.gold is present/,
    );
    expect(() =>
      parseRunSummary({
        ...summary,
        generator: { ...summary.generator, gold: { ...summary.generator?.gold, split: "train" } },
      }),
    ).toThrow(/generator\.gold\.split/);
  });
});
