import { integer, metric } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import type { FlipExample, FlipsSection } from "../summary.ts";
import { notRun, section, textBlock } from "./section.ts";

const directionLabels = { "fail-to-pass": "fail → pass", "pass-to-fail": "pass → fail" } as const;

/**
 * The examples whose verdict changed between the baseline and the optimized generator, side by
 * side with the judge's critiques, filterable by direction; or why there are none.
 *
 * @example
 * flipsSection(summary.flips, summary.notRun.flips);
 */
export function flipsSection(flips: FlipsSection | undefined, reason: string | undefined): SafeHtml {
  if (flips === undefined) return section("flips", notRun(reason));
  if (flips.total === 0) {
    return section(
      "flips",
      html`<p>No example changed verdict: the two generators passed and failed the same examples.</p>`,
    );
  }
  const count = (direction: FlipExample["direction"]) => flips.examples.filter((f) => f.direction === direction).length;
  const shown = flips.examples.length;
  const listed =
    shown < flips.total
      ? html`Listing ${metric("flips.examples.length", shown, integer)} of ${metric("flips.total", flips.total, integer)} flipped examples.`
      : html`${metric("flips.total", flips.total, integer)} examples changed verdict.`;
  return section(
    "flips",
    html`<p>${listed} Read them to see why: a gain that comes from longer or more polite replies rather than better answers shows here.</p>
<div class="filters" role="group" aria-label="Filter flipped examples by direction">
<button type="button" data-flip-filter="all" aria-pressed="true">All (${shown})</button>
<button type="button" data-flip-filter="fail-to-pass" aria-pressed="false">Fail → pass (${count("fail-to-pass")})</button>
<button type="button" data-flip-filter="pass-to-fail" aria-pressed="false">Pass → fail (${count("pass-to-fail")})</button>
<span id="flips-status" class="note" role="status" aria-live="polite">Showing ${shown} of ${shown} flipped examples.</span>
</div>
<table class="flips"><thead><tr><th scope="col">Example</th><th scope="col">Transcript</th><th scope="col">Baseline reply and the judge's critique</th><th scope="col">Optimized reply and the judge's critique</th></tr></thead>
<tbody>${flips.examples.map(flipRow)}</tbody></table>`,
  );
}

function flipRow(flip: FlipExample): SafeHtml {
  return html`<tr data-direction="${flip.direction}" data-example-id="${flip.id}">
<td class="meta"><code>${flip.id}</code><br>${flip.split}<br><strong>${directionLabels[flip.direction]}</strong></td>
<td>${textBlock(flip.transcript)}</td><td>${side(flip.baseline)}</td><td>${side(flip.optimized)}</td></tr>`;
}

/** One program's reply with the judge's verdict and critique under it. */
function side(outcome: FlipExample["baseline"]): SafeHtml {
  const verdict = outcome.verdict
    ? html`<span class="verdict pass">pass</span>`
    : html`<span class="verdict fail">fail</span>`;
  const critique = outcome.critique === null ? html`<span class="na">no critique</span>` : outcome.critique;
  return html`${textBlock(outcome.reply)}<p class="critique">${verdict}: ${critique}</p>`;
}
