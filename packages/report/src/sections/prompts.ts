import { type DiffGap, type DiffLine, lineDiff, withContext } from "../diff.ts";
import { html, type SafeHtml } from "../html.ts";
import type { PromptsSection } from "../summary.ts";
import { notRun, section, textBlock } from "./section.ts";

type PredictorPrompts = PromptsSection["predictors"][number];
type Rendered = PredictorPrompts["baseline"];

/**
 * The final prompts: each predictor's optimized messages rendered for one example, its
 * instruction diff against the baseline, and the full prompt diff; or why they are absent.
 *
 * @example
 * promptsSection(summary.prompts, summary.notRun.prompts);
 */
export function promptsSection(prompts: PromptsSection | undefined, reason: string | undefined): SafeHtml {
  if (prompts === undefined) return section("prompts", notRun(reason));
  return section(
    "prompts",
    html`<p>The messages each predictor sends, rendered for example <code>${prompts.exampleId}</code>, and what optimization changed.</p>${prompts.predictors.map(predictor)}`,
  );
}

function predictor(p: PredictorPrompts): SafeHtml {
  const fullDiff = diffView(messagesText(p.baseline), messagesText(p.optimized), `Full prompt diff for ${p.name}`);
  return html`<article class="predictor" data-predictor="${p.name}"><h3>${p.name} <span class="note">(${p.role}, <code>${p.model}</code>)</span></h3>
<h4>Instructions: optimized vs baseline</h4>${diffView(p.baseline.instructions, p.optimized.instructions, `Instruction diff for ${p.name}`)}
<h4>Optimized prompt</h4>${messages(p.optimized, `Optimized prompt of ${p.name}`)}
<details><summary>Baseline prompt</summary>${messages(p.baseline, `Baseline prompt of ${p.name}`)}</details>
<details><summary>Full prompt diff (demos included)</summary>${fullDiff}</details></article>`;
}

/** The messages in one scrollable region, so a prompt with many demos does not take over the page. */
function messages(rendered: Rendered, label: string): SafeHtml {
  const items = rendered.messages.map(
    (m) =>
      html`<div class="message" data-role="${m.role}"><div class="role">${m.role}</div>${textBlock(m.content)}</div>`,
  );
  return html`<div class="messages" role="region" aria-label="${label}" tabindex="0">${items}</div>`;
}

function messagesText(rendered: Rendered): string {
  return rendered.messages.map((m) => `[${m.role}]\n${m.content}`).join("\n\n");
}

/** A line diff with three lines of context; "+" and "−" markers so colour is not the only cue. */
function diffView(before: string, after: string, label: string): SafeHtml {
  const lines = withContext(lineDiff(before, after));
  if (lines.every((line) => line.kind === "gap")) return html`<p class="note">Unchanged.</p>`;
  return html`<pre class="diff" aria-label="${label}">${lines.map(diffLine)}</pre>`;
}

function diffLine(line: DiffLine | DiffGap): SafeHtml {
  if (line.kind === "gap")
    return html`<span class="gap">… ${line.count} unchanged line${line.count === 1 ? "" : "s"}</span>`;
  const marker = line.kind === "added" ? "+ " : line.kind === "removed" ? "− " : "  ";
  return html`<span class="${line.kind}">${marker}${line.text}</span>`;
}
