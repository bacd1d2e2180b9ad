import { decimal, integer, metric, percent } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import type { OptimizationSummary } from "../summary.ts";
import { textBlock } from "./section.ts";

type GepaSummary = NonNullable<OptimizationSummary["gepa"]>;

/**
 * A GEPA run's own part: budget and confirmation, the candidate pool with its Pareto frontier,
 * and every reflection's feedback → instruction (and the merges).
 *
 * @example
 * run.gepa ? gepaPanel(run.gepa, "optimizer.judge") : "";
 */
export function gepaPanel(gepa: GepaSummary, path: string): SafeHtml {
  const at = `${path}.gepa`;
  const confirm = gepa.confirm
    ? html` Re-measured on ${metric(`${at}.confirm.n`, gepa.confirm.n, integer)} examples never used for selection: baseline ${metric(`${at}.confirm.baselineScore`, gepa.confirm.baselineScore, percent)} → pick ${metric(`${at}.confirm.bestScore`, gepa.confirm.bestScore, percent)}.`
    : html` The pick was not re-measured (no confirmation split, or the run stopped early).`;
  const excluded = Object.entries(gepa.excludedErrors);
  const errors =
    excluded.length === 0
      ? html` No infrastructure error was excluded from selection.`
      : html` Excluded from selection (infrastructure errors): ${excluded.map(([kind, n], i) => html`${i > 0 ? ", " : ""}${kind} ${metric(`${at}.excludedErrors.${kind}`, n, integer)}`)}.`;
  return html`<p>GEPA spent ${metric(`${at}.metricCalls`, gepa.metricCalls, integer)} of ${metric(`${at}.maxMetricCalls`, gepa.maxMetricCalls, integer)} metric calls; Pareto set of ${metric(`${at}.paretoSize`, gepa.paretoSize, integer)} examples, frontier score ${metric(`${at}.frontierScore`, gepa.frontierScore, percent)} (the best any candidate reached, example by example).${confirm}${errors}</p>
${candidatesTable(gepa, at)}${reflectionsList(gepa, at)}${mergesLine(gepa, at)}`;
}

function candidatesTable(gepa: GepaSummary, at: string): SafeHtml {
  const rows = gepa.candidates.map((c, i) => {
    const p = `${at}.candidates.${i}`;
    const parents = c.parents.length === 0 ? "—" : c.parents.join(" + ");
    return html`<tr${c.onFrontier ? html` class="chosen"` : ""}><td><code>${c.id}</code></td><td>${c.origin}</td><td>${parents}</td><td class="n">${metric(`${p}.score`, c.score, percent)}</td><td class="n">${metric(`${p}.leads`, c.leads, integer)}</td><td>${c.onFrontier ? "yes" : "no"}</td><td>${textBlock(c.instruction)}</td></tr>`;
  });
  return html`<table><caption>Candidate pool and Pareto frontier (leads = Pareto-set examples where it has the best score)</caption>
<thead><tr><th scope="col">Candidate</th><th scope="col">Origin</th><th scope="col">Parents</th><th scope="col" class="n">Score</th><th scope="col" class="n">Leads</th><th scope="col">On frontier</th><th scope="col">Instruction</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function reflectionsList(gepa: GepaSummary, at: string): SafeHtml {
  const items = gepa.reflections.map((r, i) => {
    const p = `${at}.reflections.${i}`;
    const feedback = r.feedback.map((line) => html`<li>${line}</li>`);
    const scores = html`minibatch ${metric(`${p}.parentScore`, r.parentScore, decimal, "not scored")} → ${metric(`${p}.childScore`, r.childScore, decimal, "not tried")}`;
    const result = r.candidate ? html`, became <code>${r.candidate}</code>` : "";
    return html`<li><p>Iteration ${metric(`${p}.iteration`, r.iteration, integer)}: <code>${r.parent}</code>, step <code>${r.predictor}</code>: <strong>${r.outcome}</strong> (${scores})${result}.</p>
<p>Feedback read:</p><ul>${feedback}</ul>${r.instruction === null ? "" : html`<p>Proposed instruction:</p>${textBlock(r.instruction)}`}</li>`;
  });
  return html`<details><summary>All ${metric(`${at}.reflections.length`, gepa.reflections.length, integer)} reflections: feedback → instruction</summary><ol>${items}</ol></details>`;
}

function mergesLine(gepa: GepaSummary, at: string): SafeHtml {
  if (gepa.merges.length === 0) return html``;
  const items = gepa.merges.map(
    (m) =>
      html`<li>${m.parents.join(" + ")}: ${m.outcome}${m.candidate ? html` → <code>${m.candidate}</code>` : ""}</li>`,
  );
  return html`<p>Merges (${metric(`${at}.merges.length`, gepa.merges.length, integer)}):</p><ul>${items}</ul>`;
}
