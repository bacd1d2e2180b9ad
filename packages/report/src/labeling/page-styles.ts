/** The labeling pages' stylesheet: system fonts only, nothing fetched. */
export const labelingStyles = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6576; --line: #d8dde6; --accent: #1f5fbf;
  --yes: #1b7a3d; --no: #b3261e; --reply: #fff4c2; --panel: #f6f8fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: center; padding: 12px 24px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { font-size: 18px; margin: 0; }
header .meta { color: var(--muted); font-size: 13px; }
header label { font-size: 13px; color: var(--muted); }
header input { font: inherit; padding: 2px 6px; width: 10em; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 24px; padding: 20px 24px; max-width: 1280px; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
.progress { min-width: 220px; }
.progress .bar { height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; }
.progress .bar span { display: block; height: 100%; background: var(--accent); }
.transcript { white-space: pre-wrap; font: 14px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin: 0; max-height: 46vh; overflow: auto; }
.reply { display: block; white-space: pre-wrap; font: 15px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--reply);
  border: 2px solid #e0b400; border-radius: 6px; padding: 10px 14px; margin: 10px 0 0; }
.reply-label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #7a6000; margin: 14px 0 0; }
.item-head { display: flex; justify-content: space-between; color: var(--muted); font-size: 13px; margin-bottom: 8px; }
form { margin-top: 16px; display: grid; gap: 10px; }
.verdict { display: flex; gap: 10px; }
.verdict button { font: inherit; padding: 8px 18px; border-radius: 6px; border: 2px solid var(--line); background: #fff; cursor: pointer; }
.verdict button[aria-pressed="true"][data-verdict="yes"] { border-color: var(--yes); background: #e6f4ea; color: var(--yes); font-weight: 600; }
.verdict button[aria-pressed="true"][data-verdict="no"] { border-color: var(--no); background: #fce8e6; color: var(--no); font-weight: 600; }
textarea { font: inherit; width: 100%; min-height: 72px; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; }
.actions button, .card button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--line); background: #fff; cursor: pointer; }
.actions button.primary, .card button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
kbd { font: 12px ui-monospace, monospace; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: #fff; }
/* On a filled (primary) button the text is white: a white key cap there would hide its label. */
button.primary kbd { background: transparent; color: inherit; border-color: rgba(255, 255, 255, 0.7); }
.status { min-height: 1.5em; font-size: 14px; }
.status.error { color: var(--no); font-weight: 600; }
.status.ok { color: var(--yes); }
aside section { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin-bottom: 14px; }
aside h2 { font-size: 14px; margin: 0 0 6px; }
aside p, aside li { font-size: 13px; margin: 4px 0; }
aside ul { padding-left: 18px; margin: 4px 0; }
.interval { position: relative; height: 22px; background: linear-gradient(90deg, #fce8e6, #fff 50%, #e6f4ea); border: 1px solid var(--line); border-radius: 4px; margin: 8px 0 2px; }
.interval .range { position: absolute; top: 5px; height: 10px; background: var(--accent); opacity: .7; border-radius: 3px; }
.interval .threshold { position: absolute; top: -3px; bottom: -3px; width: 2px; background: var(--no); }
.interval .point { position: absolute; top: 2px; width: 4px; height: 16px; background: var(--ink); }
.scale { display: flex; justify-content: space-between; font-size: 11px; color: var(--muted); }
.verdict-pass { color: var(--yes); font-weight: 600; }
.verdict-fail { color: var(--no); font-weight: 600; }
.done { padding: 24px; background: #e6f4ea; border-radius: 6px; }
.cards { display: grid; gap: 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 14px; }
.card h3 { font-size: 14px; margin: 0 0 8px; color: var(--muted); }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin: 12px 0; }
.side { border-radius: 6px; padding: 8px 10px; background: var(--panel); font-size: 14px; }
.side strong { display: block; }
.simulated { background: #fff4c2; border-bottom: 1px solid #e0b400; padding: 6px 24px; font-size: 13px; }
`;
