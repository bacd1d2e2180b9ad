import { type HtmlPart, html, type SafeHtml } from "../html.ts";

/**
 * The stable ids of the report's sections, in page order; tests and the table of contents use them.
 *
 * @example
 * for (const id of sectionIds) page.locator(`section#${id}`);
 */
export const sectionIds = ["overview", "judge-alignment", "optimizer", "generator", "flips", "prompts"] as const;
export type SectionId = (typeof sectionIds)[number];

/** Each section's heading. */
export const sectionTitles: Readonly<Record<SectionId, string>> = {
  overview: "Overview",
  "judge-alignment": "Judge alignment",
  optimizer: "Optimizer",
  generator: "Generator: baseline vs optimized",
  flips: "Flipped examples",
  prompts: "Final prompts",
};

/**
 * A top-level report section with its stable id and a heading that names it for assistive tech.
 *
 * @example
 * section("flips", html`<table>…</table>`);
 */
export function section(id: SectionId, body: HtmlPart): SafeHtml {
  return html`<section class="report-section" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${sectionTitles[id]}</h2>${body}</section>`;
}

/**
 * The note an absent part shows instead of its content: "Not run because <reason>."
 *
 * @example
 * notRun("the judge did not pass the gate"); // Not run because the judge did not pass the gate.
 */
export function notRun(reason: string | undefined): SafeHtml {
  const because = reason ?? "no reason was recorded";
  const sentence = /[.!?]$/.test(because) ? because : `${because}.`;
  return html`<p class="not-run" data-not-run>Not run because ${sentence}</p>`;
}

/**
 * A block of user text (transcript, reply, message) that keeps its line breaks and stays text.
 *
 * @example
 * textBlock(flip.transcript);
 */
export function textBlock(text: string, label?: string): SafeHtml {
  return html`<div class="text-block"${label ? html` role="region" aria-label="${label}" tabindex="0"` : ""}>${text}</div>`;
}
