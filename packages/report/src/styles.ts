/**
 * The report's whole stylesheet, inlined so the file needs nothing else. Light theme, system
 * fonts, colours with at least 4.5:1 contrast for text.
 *
 * @example
 * html`<style>${trustedHtml(reportStyles)}</style>`;
 */
export const reportStyles = `
:root {
  --text: #111827; --muted: #4b5563; --line: #e5e7eb; --panel: #f9fafb; --accent: #1d4ed8;
  --good: #166534; --good-bg: #dcfce7; --bad: #991b1b; --bad-bg: #fee2e2; --warn: #92400e; --warn-bg: #fef3c7;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
body {
  margin: 0; color: var(--text); background: #fff; line-height: 1.5;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
}
header.page, main { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 0 0 12px; padding-top: 8px; }
h3 { font-size: 1.05rem; margin: 20px 0 8px; }
h4 { font-size: 0.95rem; margin: 14px 0 6px; }
p { margin: 8px 0; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.subtitle, .note, figcaption { color: var(--muted); }
nav.toc { margin: 12px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
section.report-section { border-top: 1px solid var(--line); padding: 16px 0 24px; }
.banner { border-radius: 6px; padding: 10px 14px; font-weight: 600; margin: 12px 0; }
.banner.simulated { background: var(--warn-bg); color: var(--warn); border: 1px solid #f59e0b; }
.banner.real { background: var(--good-bg); color: var(--good); border: 1px solid #22c55e; }
.not-run { background: var(--panel); border: 1px dashed #9ca3af; border-radius: 6px; padding: 10px 14px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card dt { color: var(--muted); font-size: 0.85rem; }
.card dd { margin: 0 0 6px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 0.92rem; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--panel); font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; }
.num { font-variant-numeric: tabular-nums; }
.ci { color: var(--muted); white-space: nowrap; font-size: 0.9em; }
.na { color: var(--muted); font-style: italic; }
.matrices { display: flex; flex-wrap: wrap; gap: 24px; }
table.confusion { width: auto; min-width: 260px; }
table.confusion td { text-align: right; min-width: 72px; }
.verdict { font-weight: 600; }
.verdict.pass { color: var(--good); }
.verdict.fail { color: var(--bad); }
.gate.allowed { border-left: 4px solid #22c55e; }
.gate.blocked { border-left: 4px solid #ef4444; }
.flag { background: var(--warn-bg); color: var(--warn); border-radius: 6px; padding: 8px 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure.chart { margin: 8px 0; max-width: 100%; }
figure.chart svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 0.85rem; margin-top: 4px; }
.text-block { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.88rem;
  max-height: 18em; overflow: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; margin: 0; }
.filters { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.filters button { font: inherit; padding: 4px 12px; border: 1px solid #9ca3af; background: #fff; border-radius: 999px; cursor: pointer; }
.filters button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
table.flips td { width: 30%; }
table.flips td.meta { width: 10%; }
table.flips .text-block { max-height: 7em; }
table.gold-disagreements td { width: 25%; }
table.gold-disagreements td.meta, table.gold-disagreements td.n { width: 12%; }
table.gold-disagreements .text-block { max-height: 7em; }
td.critique { font-size: 0.88rem; }
p.critique { margin: 6px 0 0; font-size: 0.88rem; }
.messages { max-height: 36em; overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: 0 8px; }
.message { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
.message .role { background: var(--panel); padding: 4px 10px; font-weight: 600; font-size: 0.85rem; border-bottom: 1px solid var(--line); }
.message .text-block { border: 0; max-height: none; font-family: var(--mono); font-size: 0.82rem; }
pre.diff { font-family: var(--mono); font-size: 0.82rem; background: var(--panel); border: 1px solid var(--line);
  border-radius: 4px; padding: 6px 0; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.diff span { display: block; padding: 0 10px; }
pre.diff .added { background: var(--good-bg); color: var(--good); }
pre.diff .removed { background: var(--bad-bg); color: var(--bad); }
pre.diff .gap { color: var(--muted); font-style: italic; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--accent); }
footer { max-width: 1120px; margin: 24px auto; padding: 0 24px; color: var(--muted); font-size: 0.85rem; }
`;
