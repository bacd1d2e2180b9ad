import { html, type SafeHtml } from "./html.ts";

/** Turns a raw number from the summary into the text the report shows. */
export type Formatter = (value: number) => string;

/**
 * A proportion as a percentage with one decimal.
 *
 * @example
 * percent(0.7254); // "72.5%"
 */
export const percent: Formatter = (value) => `${(value * 100).toFixed(1)}%`;

/**
 * A difference of proportions in percentage points, always signed.
 *
 * @example
 * percentPoints(0.125); // "+12.5 pp"
 */
export const percentPoints: Formatter = (value) =>
  `${value > 0 ? "+" : value < 0 ? "−" : "±"}${Math.abs(value * 100).toFixed(1)} pp`;

/**
 * A statistic such as kappa or a correlation, with a true minus sign.
 *
 * @example
 * decimal(-0.0412); // "−0.041"
 */
export const decimal: Formatter = (value) => (value < 0 ? `−${(-value).toFixed(3)}` : value.toFixed(3));

/**
 * A p-value: three decimals, or "< 0.001".
 *
 * @example
 * pValue(0.0000321); // "< 0.001"
 */
export const pValue: Formatter = (value) => (value < 0.001 ? "< 0.001" : value.toFixed(3));

/**
 * A count with thousands separators.
 *
 * @example
 * integer(12345); // "12,345"
 */
export const integer: Formatter = (value) => value.toLocaleString("en-US", { maximumFractionDigits: 0 });

/**
 * A mean or median length with one decimal.
 *
 * @example
 * oneDecimal(41.25); // "41.3"
 */
export const oneDecimal: Formatter = (value) => value.toFixed(1);

/**
 * Dollars: four decimals under $1 (simulated runs cost fractions of a cent), else two.
 *
 * @example
 * usd(0.01234); // "$0.0123"
 */
export const usd: Formatter = (value) => `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;

/**
 * A duration in milliseconds as hours, minutes and seconds.
 *
 * @example
 * duration(125_400); // "2m 05s"
 */
export const duration: Formatter = (ms) => {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return ms < 1000 ? `${Math.round(ms)} ms` : `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  if (minutes < 60) return `${minutes}m ${rest}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
};

/**
 * A displayed number tagged with the summary path it came from and its raw value, so a test can
 * check every number in the report against summary.json. Null shows as "n/a" with the reason.
 *
 * @example
 * metric("judge.validation.optimized.kappa.value", 0.61234, decimal);
 * // <span class="num" data-metric="judge.validation.optimized.kappa.value" data-value="0.61234">0.612</span>
 */
export function metric(path: string, value: number | null, format: Formatter, reason?: string): SafeHtml {
  if (value === null) {
    return html`<span class="num na" data-metric="${path}" data-value="null" title="${reason ?? "not available"}">n/a</span>`;
  }
  return html`<span class="num" data-metric="${path}" data-value="${String(value)}">${format(value)}</span>`;
}

/**
 * An interval as "[lower – upper]" with both bounds tagged, or nothing when it is null.
 *
 * @example
 * interval("generator.holdout.difference.interval", { lower: 0.1, upper: 0.3 }, percentPoints);
 */
export function interval(
  path: string,
  bounds: { readonly lower: number; readonly upper: number } | null,
  format: Formatter,
): SafeHtml | null {
  if (bounds === null) return null;
  return html`<span class="ci">[${metric(`${path}.lower`, bounds.lower, format)} – ${metric(`${path}.upper`, bounds.upper, format)}]</span>`;
}

/**
 * An estimate (`value` + `interval` + `reason`) as "value [lower – upper]".
 *
 * @example
 * estimate("judge.validation.optimized.kappa", report.kappa, decimal);
 */
export function estimate(
  path: string,
  value: {
    readonly value: number | null;
    readonly interval: { lower: number; upper: number } | null;
    readonly reason?: string;
  },
  format: Formatter,
): SafeHtml {
  return html`${metric(`${path}.value`, value.value, format, value.reason)} ${interval(`${path}.interval`, value.interval, format)}`;
}
