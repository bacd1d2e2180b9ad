import { decimal, integer, interval, metric } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import type { SmeAgreement } from "../summary-sme-agreement.ts";

const path = "overview.labels.smeAgreement";

/**
 * SME vs SME: Cohen's kappa between every pair of annotators on the conversations both labelled,
 * beside the optimized judge's validation kappa. Two SMEs' agreement is the ceiling a judge can
 * be expected to reach against either of them. Nothing when the run's labels name fewer than two
 * annotators.
 *
 * @example
 * smeAgreementPanel(summary.overview.labels.smeAgreement, summary.judge?.validation.optimized.kappa.value);
 */
export function smeAgreementPanel(
  agreement: SmeAgreement | undefined,
  judgeKappa: number | null | undefined,
): SafeHtml {
  if (agreement === undefined) return html``;
  const rows = agreement.pairs.map(
    (
      pair,
      index,
    ) => html`<tr data-sme-pair="${pair.annotators.join(" vs ")}"><th scope="row">${pair.annotators[0]} vs ${pair.annotators[1]}</th>
<td class="n">${metric(`${path}.pairs.${index}.shared`, pair.shared, integer)}</td><td class="n">${metric(`${path}.pairs.${index}.agreed`, pair.agreed, integer)}</td>
<td class="n">${metric(`${path}.pairs.${index}.kappa`, pair.kappa, decimal, pair.reason)} ${interval(`${path}.pairs.${index}.interval`, pair.interval, decimal)}</td></tr>`,
  );
  const judge =
    judgeKappa === undefined
      ? ""
      : html` The optimized judge's kappa against the reference labels on validation is ${metric("judge.validation.optimized.kappa.value", judgeKappa, decimal)}.`;
  return html`<h3 id="sme-agreement">Agreement between SMEs</h3>
<p>${metric(`${path}.sharedItems`, agreement.sharedItems, integer)} conversations were labelled by two or more of the ${agreement.annotators.length} annotators (${agreement.annotators.join(", ")}). How well the SMEs agree with each other is the ceiling a judge can be expected to reach: it cannot agree with one SME much better than another SME does.${judge}</p>
<table class="sme-agreement"><caption>SME vs SME on the conversations both labelled: Cohen's kappa with its 95% paired bootstrap interval</caption>
<thead><tr><th scope="col">Annotators</th><th scope="col" class="n">Shared</th><th scope="col" class="n">Same verdict</th><th scope="col" class="n">Kappa</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}
