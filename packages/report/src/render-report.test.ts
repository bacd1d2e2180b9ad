import { describe, expect, it } from "vitest";
import { renderReport } from "./render-report.ts";
import { sectionIds } from "./sections/section.ts";
import type { RunSummary } from "./summary.ts";
import { displayedMetrics, mismatchedMetrics } from "./testing/report-checks.ts";
import { smallSummary } from "./testing/small-summary.ts";
import { buildReport } from "./write-report.ts";

function withFlip(summary: RunSummary, change: Partial<RunSummary["flips"] & object>["examples"]): RunSummary {
  const flips = summary.flips;
  if (!flips || !change) throw new Error("the fixture has flips");
  return { ...summary, flips: { ...flips, examples: change } };
}

describe("renderReport", () => {
  it("renders every section under its stable id, with a heading", async () => {
    const page = await renderReport(smallSummary());

    for (const id of sectionIds)
      expect(page).toMatch(new RegExp(`<section class="report-section" id="${id}" aria-labelledby="${id}-title"><h2`));
  });

  it("shows the same value as the summary JSON for every tagged number", async () => {
    const { html, summaryJson } = await buildReport(smallSummary());

    const metrics = displayedMetrics(html);

    expect(metrics.length).toBeGreaterThan(150);
    expect(mismatchedMetrics(html, summaryJson)).toEqual([]);
  });

  it("renders transcripts, replies and ids as text, never as markup", async () => {
    const summary = smallSummary();
    const flip = summary.flips?.examples[0];
    if (!flip) throw new Error("the fixture has a flip");
    const hostile = withFlip(summary, [
      {
        ...flip,
        id: 'c0" onmouseover="alert(1)',
        transcript: "Customer: <script>alert(1)</script> & \"quotes\" 'too'",
        baseline: { ...flip.baseline, reply: "<img src=x onerror=alert(2)>" },
      },
    ]);

    const page = await renderReport(hostile);

    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;");
    expect(page).toContain("&lt;img src=x onerror=alert(2)&gt;");
    expect(page).toContain('data-example-id="c0&quot; onmouseover=&quot;alert(1)"');
    expect(page.match(/<script>/g)).toHaveLength(1);
  });

  it("says why a section did not run when a run stopped at the gate", async () => {
    const { generator: _g, flips: _f, prompts: _p, ...rest } = smallSummary();
    const reason = "the judge did not pass the gate";
    const judge = rest.judge && {
      ...rest.judge,
      gate: { ...rest.judge.gate, kappaLower: 0.1, passed: false, allowed: false },
    };
    const stopped: RunSummary = {
      ...rest,
      ...(judge && { judge }),
      notRun: { ...rest.notRun, generator: reason, flips: reason, prompts: reason },
    };

    const page = await renderReport(stopped);

    const generator = page.slice(page.indexOf('id="generator"'), page.indexOf('id="flips"'));
    expect(generator).toContain("Not run because the judge did not pass the gate.");
    expect(generator).not.toContain("<svg");
    expect(page).toContain('data-gate="blocked"');
  });

  it("flags a judge that prefers longer replies when the correlation interval lies above 0", async () => {
    const summary = smallSummary();
    const generator = summary.generator;
    if (!generator) throw new Error("the fixture has a generator section");
    const interval = { lower: 0.21, upper: 0.58, level: 0.95, z: 1.96, method: "fisher-z" as const };
    const biased = {
      ...summary,
      generator: {
        ...generator,
        length: { ...generator.length, bias: { ...generator.length.bias, correlation: { value: 0.41, interval } } },
      },
    };

    const page = await renderReport(biased);

    expect(page).toContain('data-length-bias="longer"');
    expect(page).toContain("The judge favours longer replies");
  });

  it("labels simulated results with a banner", async () => {
    const page = await renderReport(smallSummary());

    expect(page).toContain("Simulated results — produced by judgeloop&#39;s simulator, not a real model.");
  });

  it("draws the charts as inline SVG and forbids every network request", async () => {
    const page = await renderReport(smallSummary());

    expect(page.match(/<figure class="chart"/g)).toHaveLength(4);
    expect(page).toContain('content="default-src &#39;none&#39;;');
    expect(page).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    expect(page).not.toMatch(/<link\b/);
  });

  it("refuses an invalid summary with the field that is wrong", async () => {
    const summary = { ...smallSummary(), format: "something-else" } as unknown as RunSummary;

    await expect(renderReport(summary)).rejects.toThrow(/format:/);
  });
});

describe("renderReport on a run whose judge takes no temperature", () => {
  function fixedTemperatureSummary(): RunSummary {
    const summary = smallSummary();
    const judge = summary.judge;
    if (!judge) throw new Error("the fixture has a judge section");
    const message =
      "openai/o4-mini takes no temperature: the stability repeats ran at the provider's fixed temperature";
    return {
      ...summary,
      judge: { ...judge, stability: { ...judge.stability, fixedTemperature: true } },
      warnings: [
        { code: "temperature_dropped", model: "openai/o4-mini", stage: "judge-eval", requested: 0.7, message },
      ],
    };
  }

  it("lists the warning in the overview", async () => {
    const page = await renderReport(fixedTemperatureSummary());

    expect(page).toMatch(
      /<li data-warning="temperature_dropped"><code>temperature_dropped<\/code> \(judge-eval\): openai\/o4-mini takes no temperature/,
    );
  });

  it("says the stability repeats ran at the provider's fixed temperature", async () => {
    const page = await renderReport(fixedTemperatureSummary());

    expect(page).toContain("at the provider's fixed temperature (the model takes none, so the requested temperature");
    expect(await renderReport(smallSummary())).not.toContain("fixed temperature");
  });

  it("rejects a warning of an unknown code", async () => {
    const summary = {
      ...fixedTemperatureSummary(),
      warnings: [{ code: "other", model: "a/b", stage: "s", requested: 1, message: "m" }],
    };

    await expect(renderReport(summary as unknown as RunSummary)).rejects.toThrow(/warnings/);
  });
});
