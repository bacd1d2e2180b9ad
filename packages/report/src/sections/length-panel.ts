import type { TopLevelSpec } from "vega-lite";
import { palette, renderChart } from "../charts.ts";
import { decimal, estimate, integer, metric, oneDecimal, percent } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import type { GeneratorComparison } from "../summary.ts";

type LengthSection = GeneratorComparison["length"];
const path = "generator.length";

/**
 * The length panel: reply lengths before and after optimization, the judge's pass rate by
 * length bin, and a plain sentence when the judge prefers longer (or shorter) replies.
 *
 * @example
 * await lengthPanel(summary.generator.length);
 */
export async function lengthPanel(length: LengthSection): Promise<SafeHtml> {
  const distribution = await renderChart(distributionSpec(length), {
    name: "reply-lengths",
    caption: `Reply length (${length.unit}) of the baseline and optimized generator on the ${length.split} split: box from quartile to quartile, whiskers to the extremes.`,
  });
  const byBin = await renderChart(binSpec(length), {
    name: "pass-rate-by-length",
    caption: `The judge's pass rate by reply length (${length.unit}, quantile bins over both programs' replies), with Wilson intervals.`,
  });
  return html`${lengthTable(length)}${biasSentence(length)}<div class="charts">${distribution}${byBin}</div>${binTable(length)}`;
}

function binTable(length: LengthSection): SafeHtml {
  const rows = length.bias.bins.map((bin, index) => {
    const at = `${path}.bias.bins.${index}`;
    return html`<tr><td class="n">${metric(`${at}.minLength`, bin.minLength, integer)}–${metric(`${at}.maxLength`, bin.maxLength, integer)}</td><td class="n">${metric(`${at}.passRate.denominator`, bin.passRate.denominator, integer)}</td><td class="n">${estimate(`${at}.passRate`, bin.passRate, percent)}</td></tr>`;
  });
  return html`<details><summary>Pass rate by length bin as a table</summary><table>
<thead><tr><th scope="col" class="n">Length (${length.unit})</th><th scope="col" class="n">Replies</th><th scope="col" class="n">Judge pass rate</th></tr></thead>
<tbody>${rows}</tbody></table></details>`;
}

function lengthTable(length: LengthSection): SafeHtml {
  const row = (program: "baseline" | "optimized") => {
    const at = `${path}.${program}`;
    const stats = length[program];
    return html`<tr><th scope="row">${program}</th><td class="n">${metric(`${at}.values.length`, stats.values.length, integer)}</td><td class="n">${metric(`${at}.mean`, stats.mean, oneDecimal, "no replies")}</td><td class="n">${metric(`${at}.median`, stats.median, oneDecimal, "no replies")}</td></tr>`;
  };
  return html`<table><caption>Reply length in ${length.unit}, ${length.split} split</caption>
<thead><tr><th scope="col">Program</th><th scope="col" class="n">Replies</th><th scope="col" class="n">Mean</th><th scope="col" class="n">Median</th></tr></thead>
<tbody>${row("baseline")}${row("optimized")}</tbody></table>`;
}

/** Flags a "longer is better" judge when the correlation's interval lies above 0. */
function biasSentence(length: LengthSection): SafeHtml {
  const { correlation } = length.bias;
  const r = html`r = ${estimate(`${path}.bias.correlation`, correlation, decimal)}, n = ${metric(`${path}.bias.n`, length.bias.n, integer)}`;
  const lower = correlation.interval?.lower;
  const upper = correlation.interval?.upper;
  if (lower !== undefined && lower > 0) {
    return html`<p class="flag" role="note" data-length-bias="longer"><strong>The judge favours longer replies</strong> (${r}): its pass rate rises with length, so part of a gain can come from replies getting longer rather than better. Read the flips below before trusting it.</p>`;
  }
  if (upper !== undefined && upper < 0) {
    return html`<p class="flag" role="note" data-length-bias="shorter"><strong>The judge favours shorter replies</strong> (${r}).</p>`;
  }
  const why =
    correlation.interval === null ? "there is not enough data to tell" : "the correlation's interval includes 0";
  return html`<p data-length-bias="none">No clear length bias: ${why} (${r}).</p>`;
}

function distributionSpec(length: LengthSection): TopLevelSpec {
  const values = (["baseline", "optimized"] as const).flatMap((program) =>
    length[program].values.map((value) => ({ program, length: value })),
  );
  return {
    width: 340,
    height: 120,
    data: { values },
    mark: { type: "boxplot", extent: "min-max", size: 26 },
    encoding: {
      x: { field: "length", type: "quantitative", title: `Reply length (${length.unit})`, scale: { zero: true } },
      y: { field: "program", type: "nominal", title: null, sort: ["baseline", "optimized"] },
      color: {
        field: "program",
        type: "nominal",
        legend: null,
        scale: { domain: ["baseline", "optimized"], range: [palette.baseline, palette.optimized] },
      },
    },
  };
}

function binSpec(length: LengthSection): TopLevelSpec {
  const values = length.bias.bins.map((bin, order) => ({
    bin: bin.minLength === bin.maxLength ? `${bin.minLength}` : `${bin.minLength}–${bin.maxLength}`,
    order,
    rate: bin.passRate.value,
    lower: bin.passRate.interval?.lower,
    upper: bin.passRate.interval?.upper,
  }));
  const x = {
    field: "bin",
    type: "ordinal",
    title: `Reply length (${length.unit})`,
    sort: { field: "order" },
    axis: { labelAngle: 0 },
  } as const;
  return {
    width: 320,
    height: 200,
    data: { values },
    layer: [
      {
        mark: { type: "rule", strokeWidth: 2, color: palette.optimized },
        encoding: { x, y: { field: "lower", type: "quantitative" }, y2: { field: "upper" } },
      },
      {
        mark: { type: "point", filled: true, size: 80, color: palette.optimized },
        encoding: {
          x,
          y: {
            field: "rate",
            type: "quantitative",
            title: "Judge pass rate",
            scale: { domain: [0, 1] },
            axis: { format: ".0%" },
          },
        },
      },
    ],
  };
}
