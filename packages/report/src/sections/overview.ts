import { duration, integer, metric, usd } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import type { RunOverview, RunWarning } from "../summary.ts";
import { section } from "./section.ts";

/** The banner of a run in which any answer came from the simulator. */
export const simulatedBannerText = "Simulated results — produced by judgeloop's simulator, not a real model";
/** The banner of a run answered by real models only. */
export const realBannerText = "Real results — produced by real models";

/**
 * The overview: simulated-or-real banner, run status, the run's warnings, models by role, spend
 * against the cap, labels and every dataset with its lineage.
 *
 * @example
 * overviewSection(summary.overview, summary.warnings);
 */
export function overviewSection(overview: RunOverview, warnings: readonly RunWarning[] = []): SafeHtml {
  const banner = overview.simulated
    ? html`<p class="banner simulated" role="note" data-banner="simulated">${simulatedBannerText}.</p>`
    : html`<p class="banner real" role="note" data-banner="real">${realBannerText}.</p>`;
  return section(
    "overview",
    html`${banner}${statusLine(overview)}${warningList(warnings)}<div class="grid">${runCard(overview)}${modelsCard(overview)}${spendCard(overview)}</div>${datasetsTable(overview)}`,
  );
}

function statusLine(overview: RunOverview): SafeHtml {
  const reason = overview.statusReason ? html`: ${overview.statusReason}` : "";
  return html`<p>Status: <strong data-status="${overview.status}">${overview.status}</strong>${reason}</p>`;
}

function warningList(warnings: readonly RunWarning[]): SafeHtml | false {
  if (warnings.length === 0) return false;
  const items = warnings.map(
    (warning) =>
      html`<li data-warning="${warning.code}"><code>${warning.code}</code> (${warning.stage}): ${warning.message}</li>`,
  );
  return html`<div class="card warnings" role="note"><p><strong>Warnings</strong></p><ul>${items}</ul></div>`;
}

function runCard(overview: RunOverview): SafeHtml {
  const finished = overview.finishedAt
    ? html`<time datetime="${overview.finishedAt}">${overview.finishedAt}</time>`
    : "not finished";
  return html`<dl class="card" aria-label="Run">
<dt>Run id</dt><dd><code>${overview.runId}</code></dd>
<dt>Config</dt><dd>${overview.configName}</dd>
<dt>Started</dt><dd><time datetime="${overview.startedAt}">${overview.startedAt}</time></dd>
<dt>Finished</dt><dd>${finished}</dd>
<dt>Duration</dt><dd>${metric("overview.durationMs", overview.durationMs, duration, "the run has not finished")}</dd>
</dl>`;
}

function modelsCard(overview: RunOverview): SafeHtml {
  const { models, labels } = overview;
  const model = (name: string | null, absent: string) =>
    name === null ? html`<span class="na">${absent}</span>` : html`<code>${name}</code>`;
  return html`<dl class="card" aria-label="Models and labels">
<dt>Generator</dt><dd>${model(models.generator, "")}</dd>
<dt>Judge</dt><dd>${model(models.judge, "")}</dd>
<dt>Gold labeller</dt><dd>${model(models.gold, "SME labels (no gold model)")}</dd>
<dt>Instruction proposer</dt><dd>${model(models.proposer, "none")}</dd>
<dt>Gold labels</dt><dd>${metric("overview.labels.satisfied", labels.satisfied, integer)} satisfied of ${metric("overview.labels.count", labels.count, integer)} (${labels.source === "sme" ? "SME labels" : "gold model"}${labels.smeAgreement === undefined ? "" : `, ${labels.smeAgreement.annotators.length} annotators`})</dd>
</dl>`;
}

function spendCard(overview: RunOverview): SafeHtml {
  const { spend } = overview;
  const cap =
    spend.capUsd === null
      ? html`no cap`
      : html`cap ${metric("overview.spend.capUsd", spend.capUsd, usd)}${spend.costUsd === null ? "" : html` <meter min="0" max="${spend.capUsd}" value="${spend.costUsd}" aria-label="Spend against the cap"></meter>`}`;
  return html`<dl class="card" aria-label="Spend">
<dt>Spend</dt><dd>${metric("overview.spend.costUsd", spend.costUsd, usd, "a price is unknown")} · ${cap}</dd>
<dt>LM calls</dt><dd>${metric("overview.spend.calls", spend.calls, integer)}</dd>
<dt>Input tokens</dt><dd>${metric("overview.spend.inputTokens", spend.inputTokens, integer)}</dd>
<dt>Output tokens</dt><dd>${metric("overview.spend.outputTokens", spend.outputTokens, integer)}</dd>
</dl>`;
}

function datasetsTable(overview: RunOverview): SafeHtml {
  const rows = overview.datasets.map((dataset, index) => {
    const path = `overview.datasets.${index}`;
    const seed = dataset.lineage.seed === null ? html`<span class="na">none</span>` : String(dataset.lineage.seed);
    const parent =
      dataset.lineage.parent === null ? html`<span class="na">none</span>` : shortId(dataset.lineage.parent);
    return html`<tr><th scope="row">${dataset.name}</th><td>${shortId(dataset.id)}</td><td class="n">${metric(`${path}.size`, dataset.size, integer)}</td><td>${dataset.lineage.transform}</td><td>${parent}</td><td>${seed}</td></tr>`;
  });
  return html`<table><caption>Datasets (immutable versions named by content hash)</caption>
<thead><tr><th scope="col">Dataset</th><th scope="col">Version</th><th scope="col" class="n">Rows</th><th scope="col">Transform</th><th scope="col">Parent</th><th scope="col">Seed</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function shortId(id: string): SafeHtml {
  return html`<code title="${id}">${id.length > 14 ? `${id.slice(0, 12)}…` : id}</code>`;
}
