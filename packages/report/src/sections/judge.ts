import { decimal, estimate, integer, metric, percent } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import type { JudgeAlignment } from "../summary.ts";
import type { SmeAgreement } from "../summary-sme-agreement.ts";
import type { AgreementReportShape } from "../summary-stats.ts";
import { notRun, section } from "./section.ts";
import { smeAgreementPanel } from "./sme-agreement-panel.ts";

type Split = "train" | "validation";
type Program = "baseline" | "optimized";

const columns: ReadonlyArray<{ split: Split; program: Program }> = [
  { split: "train", program: "baseline" },
  { split: "train", program: "optimized" },
  { split: "validation", program: "baseline" },
  { split: "validation", program: "optimized" },
];

/**
 * Judge alignment: confusion matrices, agreement metrics with intervals on both splits, the
 * SMEs' agreement with each other when two or more labelled, stability over repeats and the gate
 * verdict; or why alignment did not run.
 *
 * @example
 * judgeSection(summary.judge, summary.notRun.judge);
 */
export function judgeSection(
  judge: JudgeAlignment | undefined,
  reason: string | undefined,
  smeAgreement?: SmeAgreement,
): SafeHtml {
  if (judge === undefined)
    return section("judge-alignment", html`${notRun(reason)}${smeAgreementPanel(smeAgreement, undefined)}`);
  return section(
    "judge-alignment",
    html`<p>How often the judge agrees with the gold labels, before and after optimization. Validation is held out from the judge's optimization; a large train–validation gap means overfitting.</p>
${gateCard(judge.gate)}<h3>Confusion matrices</h3>${matrices(judge)}<h3>Agreement metrics</h3>${metricsTable(judge)}${smeAgreementPanel(smeAgreement, judge.validation.optimized.kappa.value)}<h3>Stability</h3>${stability(judge.stability)}`,
  );
}

function matrices(judge: JudgeAlignment): SafeHtml {
  const tables = columns.map(({ split, program }) =>
    confusionTable(
      judge[split][program],
      `judge.${split}.${program}`,
      `${program === "baseline" ? "Baseline" : "Optimized"} judge, ${split}`,
    ),
  );
  return html`<div class="matrices">${tables}</div>`;
}

function confusionTable(report: AgreementReportShape, path: string, title: string): SafeHtml {
  const cell = (key: "tp" | "fp" | "tn" | "fn") => metric(`${path}.confusion.${key}`, report.confusion[key], integer);
  return html`<table class="confusion" data-confusion="${path}"><caption>${title} (n = ${metric(`${path}.n`, report.n, integer)})</caption>
<thead><tr><td></td><th scope="col">Judge: satisfied</th><th scope="col">Judge: not satisfied</th></tr></thead>
<tbody><tr><th scope="row">Gold: satisfied</th><td>${cell("tp")}</td><td>${cell("fn")}</td></tr>
<tr><th scope="row">Gold: not satisfied</th><td>${cell("fp")}</td><td>${cell("tn")}</td></tr></tbody></table>`;
}

const metricRows: ReadonlyArray<{
  key: keyof AgreementReportShape & string;
  label: string;
  kind: "proportion" | "statistic";
}> = [
  { key: "accuracy", label: "Accuracy", kind: "proportion" },
  { key: "precision", label: "Precision", kind: "proportion" },
  { key: "recall", label: "Recall", kind: "proportion" },
  { key: "specificity", label: "Specificity", kind: "proportion" },
  { key: "f1", label: "F1", kind: "statistic" },
  { key: "kappa", label: "Cohen's kappa", kind: "statistic" },
];

function metricsTable(judge: JudgeAlignment): SafeHtml {
  const head = columns.map(({ split, program }) => html`<th scope="col" class="n">${program}, ${split}</th>`);
  const rows = metricRows.map(({ key, label, kind }) => {
    const cells = columns.map(({ split, program }) => {
      const value = judge[split][program][key] as {
        value: number | null;
        interval: { lower: number; upper: number } | null;
        reason?: string;
      };
      return html`<td class="n">${estimate(`judge.${split}.${program}.${key}`, value, kind === "proportion" ? percent : decimal)}</td>`;
    });
    return html`<tr><th scope="row">${label}</th>${cells}</tr>`;
  });
  const levels = new Set(columns.map(({ split, program }) => judge[split][program].level));
  const levelText = [...levels].map((level) => `${Math.round(level * 100)}%`).join(" / ");
  return html`<table><caption>Judge vs gold labels, ${levelText} intervals (Wilson for proportions, paired bootstrap for F1 and kappa)</caption>
<thead><tr><th scope="col">Metric</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function stability(stability: JudgeAlignment["stability"]): SafeHtml {
  const path = "judge.stability.report";
  const { report } = stability;
  const repeats =
    report.repeats === null
      ? "no"
      : report.repeats.min === report.repeats.max
        ? metric(`${path}.repeats.min`, report.repeats.min, integer)
        : html`${metric(`${path}.repeats.min`, report.repeats.min, integer)}–${metric(`${path}.repeats.max`, report.repeats.max, integer)}`;
  const requested =
    stability.temperature === null
      ? ""
      : html`temperature ${metric("judge.stability.temperature", stability.temperature, (t) => t.toFixed(2))}`;
  const temperature = stability.fixedTemperature
    ? html`the provider's fixed temperature (the model takes none, so the requested ${requested} was not sent)`
    : stability.temperature === null
      ? "the provider's default temperature"
      : requested;
  return html`<p>The ${stability.program} judge judged each of ${metric(`${path}.examples`, report.examples, integer)} ${stability.split} examples ${repeats} times at ${temperature}.
Verdicts disagreed with their example's majority ${metric(`${path}.flipRate`, report.flipRate, percent, "no examples")} of the time;
${metric(`${path}.unstableExamples`, report.unstableExamples, integer)} examples flipped at least once (${estimate(`${path}.unstableFraction`, report.unstableFraction, percent)}).</p>`;
}

function gateCard(gate: JudgeAlignment["gate"]): SafeHtml {
  const verdict = gate.passed ? "passed" : gate.forced ? "failed, forced through" : "failed";
  return html`<div class="card gate ${gate.allowed ? "allowed" : "blocked"}" data-gate="${gate.allowed ? "allowed" : "blocked"}">
<p><strong>Gate ${verdict}.</strong> ${gate.allowed ? "The judge may serve as the generator's metric." : "The judge may not serve as the generator's metric."}</p>
<p>Held-out kappa lower bound ${metric("judge.gate.kappaLower", gate.kappaLower, decimal, "kappa is undefined")} against a threshold of ${metric("judge.gate.threshold", gate.threshold, decimal)}${gate.forced ? " (--force)" : ""}. ${gate.reason}</p>
</div>`;
}
