import { decimal, estimate, integer, metric, percent, percentPoints, pValue } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import type { GoldCheck, GoldDisagreement } from "../summary-gold.ts";
import { notRun, textBlock } from "./section.ts";

const path = "generator.gold";
const directionLabels = {
  "judge-pass-gold-fail": "judge pass, gold fail",
  "judge-fail-gold-pass": "judge fail, gold pass",
} as const;

/**
 * The judge checked against gold on the holdout: the verdict line ("gained X on the judge and Y
 * on gold"), both pass-rate comparisons, judge-vs-gold agreement on each program's replies, the
 * length bias of each, and the optimized replies they disagree on; or why it did not run.
 *
 * @example
 * goldPanel(summary.generator.gold, summary.notRun["generator.gold"]);
 */
export function goldPanel(gold: GoldCheck | undefined, reason: string | undefined): SafeHtml {
  if (gold === undefined) {
    // Summaries written before the gold check have neither the check nor a reason: show nothing.
    return reason === undefined ? html`` : html`<h3>Judge vs gold</h3>${notRun(reason)}`;
  }
  const { model, modelLabels, smeLabels } = gold.labeller;
  const by = [
    model === null
      ? null
      : html`the gold model <code>${model}</code> (${metric(`${path}.labeller.modelLabels`, modelLabels, integer)} replies)`,
    smeLabels > 0 ? html`SME labels (${metric(`${path}.labeller.smeLabels`, smeLabels, integer)} replies)` : null,
  ].filter((part) => part !== null);
  return html`<h3 id="judge-vs-gold">Judge vs gold</h3>
<p>The holdout replies of both programs were also labelled by ${by.length === 2 ? html`${by[0]} and ${by[1]}` : by[0]}. A generator that learns to please its judge rather than the customer gains on the judge and not on gold.</p>
${verdictLine(gold)}${comparisonTable(gold)}${agreementTable(gold)}${lengthTable(gold)}${disagreementList(gold)}`;
}

/** "Optimized replies gained X on the judge and Y on gold", with what the gap between them says. */
function verdictLine(gold: GoldCheck): SafeHtml {
  const gains = html`Optimized replies gained ${metric(`${path}.judge.difference.value`, gold.judge.difference.value, percentPoints, gold.judge.difference.reason)} on the judge and ${metric(`${path}.gold.difference.value`, gold.gold.difference.value, percentPoints, gold.gold.difference.reason)} on gold`;
  const gap = html`gap ${estimate(`${path}.gainGap`, gold.gainGap, percentPoints)}`;
  const bounds = gold.gainGap.interval;
  if (bounds === null) {
    return html`<p data-gold-verdict="unknown">${gains}; too few examples to compare the two gains.</p>`;
  }
  if (bounds.lower > 0) {
    return html`<p class="flag" role="note" data-gold-verdict="judge-overstates"><strong>${gains}:</strong> the judge credits more gain than gold does (${gap}), so the generator may be gaming its judge. Read the disagreements below.</p>`;
  }
  if (bounds.upper < 0) {
    return html`<p data-gold-verdict="gold-overstates"><strong>${gains}:</strong> gold credits more gain than the judge does (${gap}).</p>`;
  }
  return html`<p data-gold-verdict="agree"><strong>${gains}:</strong> the two gains agree (${gap}).</p>`;
}

function comparisonTable(gold: GoldCheck): SafeHtml {
  const row = (who: "judge" | "gold", label: string) => {
    const c = gold[who];
    const at = `${path}.${who}`;
    return html`<tr><th scope="row">${label}</th><td class="n">${metric(`${at}.n`, c.n, integer)}</td>
<td class="n">${estimate(`${at}.baseline`, c.baseline, percent)}</td><td class="n">${estimate(`${at}.candidate`, c.candidate, percent)}</td>
<td class="n">${estimate(`${at}.difference`, c.difference, percentPoints)}</td><td class="n">${metric(`${at}.mcnemar.exactPValue`, c.mcnemar.exactPValue, pValue)}</td></tr>`;
  };
  return html`<table><caption>Holdout pass rates by the judge and by gold, on the same examples (Wilson intervals; difference = optimized − baseline, paired bootstrap; McNemar exact test)</caption>
<thead><tr><th scope="col">Scored by</th><th scope="col" class="n">n</th><th scope="col" class="n">Baseline</th><th scope="col" class="n">Optimized</th><th scope="col" class="n">Difference</th><th scope="col" class="n">McNemar p</th></tr></thead>
<tbody>${row("judge", "optimized judge")}${row("gold", "gold")}</tbody></table>`;
}

function agreementTable(gold: GoldCheck): SafeHtml {
  const row = (program: "baseline" | "optimized") => {
    const report = gold.agreement[program];
    const at = `${path}.agreement.${program}`;
    return html`<tr><th scope="row">${program} replies</th><td class="n">${metric(`${at}.n`, report.n, integer)}</td><td class="n">${estimate(`${at}.accuracy`, report.accuracy, percent)}</td><td class="n">${estimate(`${at}.kappa`, report.kappa, decimal)}</td></tr>`;
  };
  return html`<table><caption>The judge's verdicts against gold on each program's holdout replies (accuracy: Wilson interval; kappa: bootstrap)</caption>
<thead><tr><th scope="col">Replies</th><th scope="col" class="n">n</th><th scope="col" class="n">Agreement</th><th scope="col" class="n">Cohen's kappa</th></tr></thead>
<tbody>${row("baseline")}${row("optimized")}</tbody></table>`;
}

/** The length bias statistic (point-biserial r of length and verdict) of the judge beside gold's. */
function lengthTable(gold: GoldCheck): SafeHtml {
  const row = (replies: "optimized" | "both", label: string) => {
    const at = `${path}.length.${replies}`;
    const { judge, gold: byGold } = gold.length[replies];
    return html`<tr><th scope="row">${label}</th><td class="n">${metric(`${at}.judge.n`, judge.n, integer)}</td><td class="n">${estimate(`${at}.judge.correlation`, judge.correlation, decimal)}</td><td class="n">${estimate(`${at}.gold.correlation`, byGold.correlation, decimal)}</td></tr>`;
  };
  return html`<table><caption>Length bias: correlation r between reply length (${gold.length.unit}) and a pass, for the judge and for gold (Fisher-z intervals). A judge whose r is well above gold's rewards length itself.</caption>
<thead><tr><th scope="col">Replies</th><th scope="col" class="n">n</th><th scope="col" class="n">Judge r</th><th scope="col" class="n">Gold r</th></tr></thead>
<tbody>${row("optimized", "optimized")}${row("both", "baseline and optimized")}</tbody></table>`;
}

function disagreementList(gold: GoldCheck): SafeHtml {
  const { disagreements } = gold;
  const at = `${path}.disagreements`;
  if (disagreements.total === 0) {
    return html`<p data-gold-disagreements="0">The judge and gold agree on every optimized holdout reply.</p>`;
  }
  const shown = disagreements.examples.length;
  const listing =
    shown < disagreements.total
      ? html`Listing ${metric(`${at}.examples.length`, shown, integer)} of them.`
      : html`All are listed.`;
  return html`<p data-gold-disagreements="${String(disagreements.total)}">The judge and gold disagree on ${metric(`${at}.total`, disagreements.total, integer)} optimized holdout replies: ${metric(`${at}.judgePassGoldFail`, disagreements.judgePassGoldFail, integer)} the judge passes and gold fails, ${metric(`${at}.judgeFailGoldPass`, disagreements.judgeFailGoldPass, integer)} the other way. ${listing}</p>
<table class="gold-disagreements"><thead><tr><th scope="col">Example</th><th scope="col" class="n">Length (${gold.length.unit}): baseline → optimized</th><th scope="col">Optimized reply</th><th scope="col">Judge's critique</th><th scope="col">Gold's critique</th></tr></thead>
<tbody>${disagreements.examples.map((d, index) => disagreementRow(d, `${at}.examples.${index}`))}</tbody></table>`;
}

function disagreementRow(d: GoldDisagreement, at: string): SafeHtml {
  const critique = (text: string | null) => (text === null ? html`<span class="na">no critique</span>` : text);
  return html`<tr data-gold-direction="${d.direction}" data-example-id="${d.id}">
<td class="meta"><code>${d.id}</code><br><strong>${directionLabels[d.direction]}</strong></td>
<td class="n">${metric(`${at}.baselineLength`, d.baselineLength, integer, "the baseline has no reply here")} → ${metric(`${at}.length`, d.length, integer)}</td>
<td>${textBlock(d.reply)}</td><td class="critique">${critique(d.judgeCritique)}</td><td class="critique">${critique(d.goldCritique)}</td></tr>`;
}
