import { escapeHtml } from "./escape.ts";

/**
 * Markup that is already safe: produced by `html` or vouched for with `trustedHtml`.
 *
 * @example
 * const cell: SafeHtml = html`<td>${text}</td>`;
 */
export class SafeHtml {
  readonly value: string;

  constructor(value: string) {
    this.value = value;
  }

  toString(): string {
    return this.value;
  }
}

/** What `html` accepts between its literal parts; `null`, `undefined` and `false` render nothing. */
export type HtmlPart = SafeHtml | string | number | boolean | null | undefined | readonly HtmlPart[];

function renderPart(part: HtmlPart): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(renderPart).join("");
  return escapeHtml(String(part));
}

/**
 * A template tag that escapes every interpolated value unless it is already SafeHtml, so user
 * text cannot become markup by accident. Arrays are concatenated.
 *
 * @example
 * html`<td>${transcript}</td>`; // the transcript's "<" and "&" arrive escaped
 */
export function html(strings: TemplateStringsArray, ...parts: HtmlPart[]): SafeHtml {
  let out = strings[0] ?? "";
  parts.forEach((part, index) => {
    out += renderPart(part) + (strings[index + 1] ?? "");
  });
  return new SafeHtml(out);
}

/**
 * Marks markup as safe without escaping. Only for markup this package generates itself
 * (charts rendered by Vega, the stylesheet, the filter script), never for user text.
 *
 * @example
 * trustedHtml(await view.toSVG());
 */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
