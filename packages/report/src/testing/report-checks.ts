/** One number the report shows: the summary path it claims to come from, its raw value and its text. */
export interface DisplayedMetric {
  path: string;
  value: number | null;
  text: string;
}

const metricPattern = /<span class="num[^"]*" data-metric="([^"]+)" data-value="([^"]+)"[^>]*>([^<]*)<\/span>/g;

/**
 * Every `data-metric` number in a rendered report.
 *
 * @example
 * displayedMetrics(html).find((m) => m.path === "overview.spend.calls")?.value;
 */
export function displayedMetrics(html: string): DisplayedMetric[] {
  return [...html.matchAll(metricPattern)].map((match) => ({
    path: match[1] ?? "",
    value: match[2] === "null" ? null : Number(match[2]),
    text: match[3] ?? "",
  }));
}

/**
 * The value at a dotted path of parsed JSON (`judge.train.baseline.kappa.value`, `trials.3.score`,
 * `trials.length`); undefined when the path leads nowhere.
 *
 * @example
 * valueAt(JSON.parse(summaryJson), "overview.spend.calls"); // 1431
 */
export function valueAt(json: unknown, path: string): unknown {
  let node: unknown = json;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = Array.isArray(node) && key === "length" ? node.length : (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * The metrics whose value differs from the summary JSON at their path, as readable lines.
 *
 * @example
 * expect(mismatchedMetrics(html, summaryJson)).toEqual([]);
 */
export function mismatchedMetrics(html: string, summaryJson: string): string[] {
  const summary: unknown = JSON.parse(summaryJson);
  return displayedMetrics(html)
    .filter((metric) => valueAt(summary, metric.path) !== metric.value)
    .map(
      (metric) => `${metric.path}: report shows ${metric.value}, summary has ${String(valueAt(summary, metric.path))}`,
    );
}
