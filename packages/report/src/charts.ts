import type { TopLevelSpec } from "vega-lite";
import { html, type SafeHtml, trustedHtml } from "./html.ts";

/**
 * Colours with enough contrast on white, used for the same meaning in every chart.
 *
 * @example
 * scale: { domain: ["baseline", "optimized"], range: [palette.baseline, palette.optimized] }
 */
export const palette = {
  baseline: "#6b7280",
  optimized: "#1d4ed8",
  minibatch: "#93a3c0",
  full: "#1d4ed8",
  best: "#b45309",
} as const;

/** Shared look: the page's font stack (no web fonts), quiet axes, no chart border. */
const chartConfig = {
  font: "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif",
  view: { stroke: null },
  axis: {
    labelColor: "#374151",
    titleColor: "#111827",
    gridColor: "#e5e7eb",
    domainColor: "#9ca3af",
    tickColor: "#9ca3af",
    labelFontSize: 11,
    titleFontSize: 12,
  },
  header: { labelFontSize: 12, labelColor: "#111827" },
  legend: { labelColor: "#374151", titleColor: "#111827", orient: "bottom", labelFontSize: 12 },
  title: { color: "#111827", fontSize: 13, anchor: "start" },
} as const;

export interface ChartOptions {
  /** A stable name for tests and styling: `data-chart` on the figure. */
  name: string;
  /** What the chart shows, read by screen readers and shown as the caption. */
  caption: string;
}

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string in Node (a headless Vega View, no
 * DOM, no network), wrapped in a captioned figure.
 *
 * @example
 * await renderChart({ mark: "bar", data: { values }, encoding }, { name: "pass-rates", caption: "Pass rates" });
 */
export async function renderChart(spec: TopLevelSpec, options: ChartOptions): Promise<SafeHtml> {
  const configured = { ...spec, config: { ...chartConfig, ...(spec.config ?? {}) } } as TopLevelSpec;
  // Vega and Vega-Lite are imported on the first chart, so commands that render none never load them.
  const [{ parse, View }, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new View(parse(compile(configured).spec), { renderer: "none" });
  try {
    const svg = labelSvg(await view.toSVG(), options.caption);
    // The figure takes the chart's natural width so the caption wraps under it, and shrinks on narrow screens.
    const width = /^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? "600";
    return html`<figure class="chart" data-chart="${options.name}" style="width: ${width}px">${trustedHtml(svg)}<figcaption>${options.caption}</figcaption></figure>`;
  } finally {
    view.finalize();
  }
}

/** Gives the root <svg> an image role and accessible name (Vega leaves it unnamed). */
function labelSvg(svg: string, caption: string): string {
  const label = html`${caption}`.value;
  return svg.replace(/^<svg\b/, `<svg role="img" aria-label="${label}" focusable="false"`);
}
