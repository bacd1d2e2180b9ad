import { commonScript } from "./common-script.ts";
import { labelScript } from "./label-script.ts";
import { labelingStyles } from "./page-styles.ts";
import { reviewScript } from "./review-script.ts";

/**
 * The Content-Security-Policy the pages are served with: their own inline style and script, and
 * requests to their own origin only, so nothing external can load even by mistake.
 */
export const labelingPagePolicy =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

const simulatedBanner =
  '<div class="simulated" id="simulated" data-banner="simulated" hidden>Simulated judges: their verdicts come from the simulator, not a real model.</div>';

function page(title: string, body: string, script: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${labelingStyles}</style></head>
<body>${body}<script>${commonScript}${script}</script></body></html>`;
}

/**
 * The labeling page: plain HTML, CSS and JS in one document that reads everything from
 * /v1/labels with the session token of its URL fragment.
 *
 * @example
 * app.get("/label", (c) => c.html(labelPageHtml()));
 */
export function labelPageHtml(): string {
  return page(
    "judgeloop · label",
    `<header><h1>judgeloop · label</h1><span class="meta" id="set-meta"></span>
<div class="progress" id="progress" aria-live="polite"></div>
<label>annotator <input id="annotator" autocomplete="off"></label>
<a id="review-link" href="/label/review">review disagreements</a></header>
${simulatedBanner}
<main><div>
<div id="item"></div>
<form id="label-form" hidden>
<div class="verdict" role="group" aria-label="satisfied">
<button type="button" data-verdict="yes" aria-pressed="false">Satisfied <kbd>y</kbd></button>
<button type="button" data-verdict="no" aria-pressed="false">Not satisfied <kbd>n</kbd></button></div>
<label for="critique">Critique <kbd>c</kbd> (required when not satisfied)</label>
<textarea id="critique" placeholder="What decided it: the answer, the tone, the next step…"></textarea>
<div class="actions"><button type="submit" class="primary" id="save">Save <kbd>Enter</kbd></button>
<button type="button" id="undo">Undo <kbd>u</kbd></button>
<button type="button" id="prev">Previous <kbd>←</kbd></button><button type="button" id="next">Next <kbd>→</kbd></button></div>
</form>
<p class="status" id="status" role="status" aria-live="polite"></p>
</div>
<aside><section aria-labelledby="gate-title"><h2 id="gate-title">Judge gate, live</h2><div id="gate"></div></section>
<section aria-labelledby="agreement-title"><h2 id="agreement-title">Agreement between SMEs</h2><div id="agreement"></div></section>
<section><h2>Keys</h2><p><kbd>y</kbd> / <kbd>n</kbd> verdict · <kbd>c</kbd> critique · <kbd>Enter</kbd> save · <kbd>u</kbd> undo · <kbd>←</kbd> / <kbd>→</kbd> previous / next · <kbd>Esc</kbd> leave the critique</p></section>
</aside></main>`,
    labelScript,
  );
}

/**
 * The disagreement review page: judge-vs-SME disagreements with the judge's critique; a correction
 * forks a new label set version.
 *
 * @example
 * app.get("/label/review", (c) => c.html(reviewPageHtml()));
 */
export function reviewPageHtml(): string {
  return page(
    "judgeloop · review disagreements",
    `<header><h1>judgeloop · review disagreements</h1><span class="meta" id="set-meta"></span>
<a id="label-link" href="/label">back to labeling</a></header>
${simulatedBanner}
<main><div><p id="review-summary"></p><p class="status" id="status" role="status" aria-live="polite"></p>
<div class="cards" id="cards"></div></div>
<aside><section><h2>How a correction is kept</h2><p>Your first correction makes a new label set version whose parent is the set you labelled; the original stays as it was, so every judge evaluation names the labels it was measured on.</p></section></aside></main>`,
    reviewScript,
  );
}
