import type { ApiRunConfig } from "../run-service.ts";

export interface MinimalReportSummary {
  score: number | null;
  n: number;
  errors: number;
  simulated: boolean;
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

/**
 * A one-table HTML page for SimRunService runs. The real report (@judgeloop/report) replaces it
 * once the run engine serves reports.
 *
 * @example
 * minimalReport("run-1", config, { score: 0.66, n: 3, errors: 0, simulated: true });
 */
export function minimalReport(runId: string, config: ApiRunConfig, summary: MinimalReportSummary): string {
  const score = summary.score === null ? "not scored" : `${(summary.score * 100).toFixed(1)}%`;
  const title = `judgeloop run ${runId}${summary.simulated ? " (simulated)" : ""}`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
<table>
<tr><th>Config</th><td>${escapeHtml(config.name ?? "unnamed")}</td></tr>
<tr><th>Dataset</th><td><code>${escapeHtml(config.data.dataset)}</code></td></tr>
<tr><th>Pass rate</th><td>${score}</td></tr>
<tr><th>Examples scored</th><td>${summary.n}</td></tr>
<tr><th>Errors</th><td>${summary.errors}</td></tr>
</table>
</body>
</html>
`;
}
