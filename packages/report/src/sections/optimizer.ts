import type { TopLevelSpec } from "vega-lite";
import { palette, renderChart } from "../charts.ts";
import { integer, metric, percent } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import type { OptimizationSummary, OptimizerSection, RunSummary } from "../summary.ts";
import { gepaPanel } from "./gepa-panel.ts";
import { notRun, section, textBlock } from "./section.ts";

type Target = "judge" | "generator";

/**
 * The optimizer: for the judge's and the generator's optimization, trials over time, the
 * candidate instructions with their scores and the chosen demos; or why each did not run.
 *
 * @example
 * await optimizerSection(summary.optimizer, summary.notRun);
 */
export async function optimizerSection(
  optimizer: OptimizerSection | undefined,
  reasons: RunSummary["notRun"],
): Promise<SafeHtml> {
  if (optimizer === undefined) return section("optimizer", notRun(reasons.optimizer));
  const parts: SafeHtml[] = [];
  for (const target of ["judge", "generator"] as const) {
    const run = optimizer[target];
    const title = html`<h3>${target === "judge" ? "Judge optimization" : "Generator optimization"}</h3>`;
    parts.push(
      run === undefined
        ? html`${title}${notRun(reasons[`optimizer.${target}`])}`
        : html`${title}${await optimization(run, target)}`,
    );
  }
  return section("optimizer", parts);
}

async function optimization(run: OptimizationSummary, target: Target): Promise<SafeHtml> {
  const path = `optimizer.${target}`;
  const chart = await renderChart(trialsSpec(run), {
    name: `trials-${target}`,
    caption: `${target === "judge" ? "Judge" : "Generator"} optimization: each trial's score (minibatch or full evaluation) and the best full-evaluation score so far.`,
  });
  return html`<p>${run.optimizer} over ${metric(`${path}.trainSize`, run.trainSize, integer)} training examples; score = ${run.metric}.
Baseline ${metric(`${path}.baselineScore`, run.baselineScore, percent, "not evaluated")}, best ${metric(`${path}.bestScore`, run.bestScore, percent, "no full evaluation")}.</p>
${chart}${trialsTable(run, path)}${run.gepa ? gepaPanel(run.gepa, path) : instructionsTable(run, path)}${demos(run, path)}`;
}

const series = { minibatch: "minibatch score", full: "full evaluation", best: "best so far" } as const;

function trialsSpec(run: OptimizationSummary): TopLevelSpec {
  const points = run.trials
    .filter((t) => t.score !== null)
    .map((t) => ({ trial: t.index, score: t.score, series: series[t.kind] }));
  const best = run.trials
    .filter((t) => t.bestSoFar !== null)
    .map((t) => ({ trial: t.index, score: t.bestSoFar, series: series.best }));
  return {
    width: 560,
    height: 220,
    data: { values: [...points, ...best] },
    encoding: {
      x: { field: "trial", type: "quantitative", title: "Trial", axis: { tickMinStep: 1, format: "d" } },
      y: {
        field: "score",
        type: "quantitative",
        title: "Score",
        axis: { format: ".0%" },
        scale: { zero: false, nice: true },
      },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: {
          domain: [series.minibatch, series.full, series.best],
          range: [palette.minibatch, palette.full, palette.best],
        },
      },
    },
    layer: [
      {
        transform: [{ filter: `datum.series === '${series.best}'` }],
        mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
      },
      {
        transform: [{ filter: `datum.series === '${series.minibatch}'` }],
        mark: { type: "point", filled: true, opacity: 0.9, shape: "circle", size: 40 },
      },
      {
        transform: [{ filter: `datum.series === '${series.full}'` }],
        mark: { type: "point", filled: true, opacity: 0.9, shape: "square", size: 90 },
      },
    ],
  };
}

/** The chart as a table too, so every trial's number is readable (and checkable). */
function trialsTable(run: OptimizationSummary, path: string): SafeHtml {
  const rows = run.trials.map((trial, index) => {
    const at = `${path}.trials.${index}`;
    const pick = (value: number | null, key: string) =>
      value === null ? html`<span class="na">—</span>` : metric(`${at}.${key}`, value, integer);
    return html`<tr><td class="n">${metric(`${at}.index`, trial.index, integer)}</td><td>${trial.kind}</td><td class="n">${metric(`${at}.n`, trial.n, integer)}</td><td class="n">${pick(trial.instructionIndex, "instructionIndex")}</td><td class="n">${pick(trial.demoSetIndex, "demoSetIndex")}</td><td class="n">${metric(`${at}.score`, trial.score, percent, "not scored")}</td><td class="n">${metric(`${at}.bestSoFar`, trial.bestSoFar, percent, "no full evaluation yet")}</td></tr>`;
  });
  return html`<details><summary>All ${metric(`${path}.trials.length`, run.trials.length, integer)} trials as a table</summary>
<table><thead><tr><th scope="col" class="n">Trial</th><th scope="col">Kind</th><th scope="col" class="n">Examples</th><th scope="col" class="n">Instruction</th><th scope="col" class="n">Demo set</th><th scope="col" class="n">Score</th><th scope="col" class="n">Best so far</th></tr></thead>
<tbody>${rows}</tbody></table></details>`;
}

function instructionsTable(run: OptimizationSummary, path: string): SafeHtml {
  const rows = run.instructions.map((instruction, index) => {
    const at = `${path}.instructions.${index}`;
    const chosen = run.chosen.instructionIndex === instruction.index;
    return html`<tr${chosen ? html` class="chosen"` : ""}><td class="n">${metric(`${at}.index`, instruction.index, integer)}${chosen ? html` <strong>(chosen)</strong>` : ""}</td><td>${textBlock(instruction.text)}</td><td class="n">${metric(`${at}.trials`, instruction.trials, integer)}</td><td class="n">${metric(`${at}.score`, instruction.score, percent, "no trial used it")}</td></tr>`;
  });
  return html`<table><caption>Candidate instructions (score = mean over the trials that used it)</caption>
<thead><tr><th scope="col" class="n">#</th><th scope="col">Instruction</th><th scope="col" class="n">Trials</th><th scope="col" class="n">Score</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function demos(run: OptimizationSummary, path: string): SafeHtml {
  const chosenSet =
    run.chosen.demoSetIndex === null
      ? ""
      : html` (demo set ${metric(`${path}.chosen.demoSetIndex`, run.chosen.demoSetIndex, integer)})`;
  if (run.demos.length === 0) return html`<p>Chosen demos${chosenSet}: none (zero-shot).</p>`;
  const items = run.demos.map((demo) => {
    const fields = Object.entries(demo.fields).map(
      ([name, value]) =>
        html`<dt>${name}</dt><dd>${textBlock(Array.isArray(value) ? value.join(", ") : String(value))}</dd>`,
    );
    return html`<li><dl class="card"><dt>Predictor</dt><dd><code>${demo.predictor}</code></dd>${fields}</dl></li>`;
  });
  return html`<details><summary>Chosen demos${chosenSet}: ${metric(`${path}.demos.length`, run.demos.length, integer)}</summary><ol>${items}</ol></details>`;
}
