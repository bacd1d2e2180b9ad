import { integer, metric } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import type { FailureModes } from "../summary-failure-modes.ts";
import { notRun } from "./section.ts";

const path = "generator.failureModes";

/**
 * Why replies fail: gold's critiques of the holdout replies it failed, grouped into named modes
 * by one proposer call, counted for the baseline and the optimized generator; or why the
 * grouping did not run. Absent from summaries written before the gold check had it.
 *
 * @example
 * failureModesPanel(summary.generator.failureModes);
 */
export function failureModesPanel(modes: FailureModes | undefined): SafeHtml {
  if (modes === undefined) return html``;
  const heading = html`<h3 id="failure-modes">Failure modes</h3>`;
  if (modes.notRun !== undefined) return html`${heading}${notRun(modes.notRun)}`;
  const by = modes.model === undefined ? "" : html` by <code>${modes.model}</code>`;
  const label = modes.simulated ? html` <span class="simulated" data-simulated="failure-modes">(simulated)</span>` : "";
  const rows = modes.modes.map(
    (
      mode,
      index,
    ) => html`<tr data-failure-mode="${mode.name}"><th scope="row">${mode.name}</th><td>${mode.description}</td>
<td class="n">${metric(`${path}.modes.${index}.baseline`, mode.baseline, integer)}</td><td class="n">${metric(`${path}.modes.${index}.optimized`, mode.optimized, integer)}</td>
<td><code>${mode.exampleIds.join(", ")}</code></td></tr>`,
  );
  return html`${heading}<p>Gold's critiques of the holdout replies it failed, grouped into named modes${by}${label}: which failures the optimization removed and which remain.</p>
<table class="failure-modes"><caption>Failing holdout replies per mode: ${metric(`${path}.failing.baseline`, modes.failing.baseline, integer)} baseline, ${metric(`${path}.failing.optimized`, modes.failing.optimized, integer)} optimized</caption>
<thead><tr><th scope="col">Mode</th><th scope="col">Description</th><th scope="col" class="n">Baseline</th><th scope="col" class="n">Optimized</th><th scope="col">Examples</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}
