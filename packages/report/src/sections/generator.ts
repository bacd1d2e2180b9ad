import type { TopLevelSpec } from "vega-lite";
import { palette, renderChart } from "../charts.ts";
import { estimate, integer, metric, percent, percentPoints, pValue, usd } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import type { GeneratorComparison, Spend } from "../summary.ts";
import type { PairedComparisonShape } from "../summary-stats.ts";
import { failureModesPanel } from "./failure-modes-panel.ts";
import { goldPanel } from "./gold-panel.ts";
import { lengthPanel } from "./length-panel.ts";
import { notRun, section } from "./section.ts";

const splits = ["train", "holdout"] as const;

/** A field definition shared by the layers of a chart. */
type Encoding = {
  field: string;
  type: "nominal";
  title: null;
  sort?: string[];
  scale?: { domain: string[]; range: string[] };
};

/**
 * The generator comparison: pass rates with intervals, the paired bootstrap interval of the
 * difference, McNemar's exact p, the length panel, the judge checked against gold, and cost; or
 * why it did not run.
 *
 * @example
 * await generatorSection(summary.generator, summary.notRun.generator);
 */
export async function generatorSection(
  generator: GeneratorComparison | undefined,
  reason: string | undefined,
  goldReason?: string,
): Promise<SafeHtml> {
  if (generator === undefined) return section("generator", notRun(reason));
  const chart = await renderChart(passRateSpec(generator), {
    name: "pass-rates",
    caption:
      "Pass rate of the baseline and optimized generator with 95% Wilson intervals, on the train split and the holdout.",
  });
  return section(
    "generator",
    html`<p>Pass = ${generator.metric}. Both programs answered the same examples, so the comparison is paired: the holdout is the honest one, the train split shows what the optimizer saw.</p>
${comparisonTable(generator)}${splits.map((split) => verdictSentence(generator[split], split))}<div class="charts">${chart}</div>
<h3>Length</h3>${await lengthPanel(generator.length)}${goldPanel(generator.gold, goldReason)}${failureModesPanel(generator.failureModes)}${costTable(generator.cost)}`,
  );
}

function comparisonTable(generator: GeneratorComparison): SafeHtml {
  const rows = splits.map((split) => {
    const c = generator[split];
    const at = `generator.${split}`;
    return html`<tr><th scope="row">${split}</th><td class="n">${metric(`${at}.n`, c.n, integer)}</td>
<td class="n">${estimate(`${at}.baseline`, c.baseline, percent)}</td><td class="n">${estimate(`${at}.candidate`, c.candidate, percent)}</td>
<td class="n">${estimate(`${at}.difference`, c.difference, percentPoints)}</td><td class="n">${metric(`${at}.mcnemar.exactPValue`, c.mcnemar.exactPValue, pValue)}</td>
<td class="n">${metric(`${at}.mcnemar.c`, c.mcnemar.c, integer)} / ${metric(`${at}.mcnemar.b`, c.mcnemar.b, integer)}</td></tr>`;
  });
  return html`<table><caption>Pass rates with Wilson intervals; difference = optimized − baseline (paired bootstrap); McNemar exact test on the discordant pairs</caption>
<thead><tr><th scope="col">Split</th><th scope="col" class="n">n</th><th scope="col" class="n">Baseline</th><th scope="col" class="n">Optimized</th><th scope="col" class="n">Difference</th><th scope="col" class="n">McNemar p</th><th scope="col" class="n">Fail→pass / pass→fail</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** One plain sentence per split saying whether the gain is real. */
function verdictSentence(c: PairedComparisonShape, split: string): SafeHtml {
  const lower = c.difference.interval?.lower;
  const upper = c.difference.interval?.upper;
  const significant = c.mcnemar.exactPValue < 0.05;
  let conclusion = "The difference is not significant: it may be noise.";
  if (significant && lower !== undefined && lower > 0)
    conclusion = "The optimized generator is better, and the gain is significant.";
  else if (significant && upper !== undefined && upper < 0)
    conclusion = "The optimized generator is worse, significantly.";
  const unmatched = c.unmatched.baselineOnly.length + c.unmatched.candidateOnly.length;
  const note =
    unmatched > 0
      ? html` ${metric(`generator.${split}.unmatched.baselineOnly.length`, c.unmatched.baselineOnly.length, integer)} baseline-only and ${metric(`generator.${split}.unmatched.candidateOnly.length`, c.unmatched.candidateOnly.length, integer)} optimized-only examples were left out of the pairing.`
      : "";
  return html`<p data-conclusion="${split}"><strong>${split}:</strong> ${conclusion}${note}</p>`;
}

function passRateSpec(generator: GeneratorComparison): TopLevelSpec {
  const values = splits.flatMap((split) =>
    (["baseline", "optimized"] as const).map((program) => {
      const estimate = program === "baseline" ? generator[split].baseline : generator[split].candidate;
      return { split, program, rate: estimate.value, lower: estimate.interval?.lower, upper: estimate.interval?.upper };
    }),
  );
  const color: Encoding = {
    field: "program",
    type: "nominal",
    title: null,
    scale: { domain: ["baseline", "optimized"], range: [palette.baseline, palette.optimized] },
  };
  const y: Encoding = { field: "program", type: "nominal", title: null, sort: ["baseline", "optimized"] };
  return {
    data: { values },
    facet: {
      row: {
        field: "split",
        type: "nominal",
        title: null,
        sort: ["train", "holdout"],
        header: { labelAngle: 0, labelAlign: "left" },
      },
    },
    spec: {
      width: 460,
      height: 64,
      layer: [
        {
          mark: { type: "rule", strokeWidth: 2 },
          encoding: { x: { field: "lower", type: "quantitative" }, x2: { field: "upper" }, y, color },
        },
        {
          mark: { type: "point", filled: true, size: 90 },
          encoding: {
            x: {
              field: "rate",
              type: "quantitative",
              title: "Pass rate",
              scale: { domain: [0, 1] },
              axis: { format: ".0%" },
            },
            y,
            color,
          },
        },
      ],
    },
  };
}

function costTable(cost: GeneratorComparison["cost"]): SafeHtml {
  if (cost === null) return html``;
  const row = (program: "baseline" | "optimized", spend: Spend) => {
    const at = `generator.cost.${program}`;
    return html`<tr><th scope="row">${program}</th><td class="n">${metric(`${at}.calls`, spend.calls, integer)}</td><td class="n">${metric(`${at}.inputTokens`, spend.inputTokens, integer)}</td><td class="n">${metric(`${at}.outputTokens`, spend.outputTokens, integer)}</td><td class="n">${metric(`${at}.costUsd`, spend.costUsd, usd, "a price is unknown")}</td></tr>`;
  };
  return html`<h3>Cost of the holdout evaluation</h3><table><thead><tr><th scope="col">Program</th><th scope="col" class="n">LM calls</th><th scope="col" class="n">Input tokens</th><th scope="col" class="n">Output tokens</th><th scope="col" class="n">Cost</th></tr></thead>
<tbody>${row("baseline", cost.baseline)}${row("optimized", cost.optimized)}</tbody></table>`;
}
