import type { RunEvent, StageName } from "@judgeloop/core";
import { stageTitles } from "@judgeloop/core";

/** Where the display writes: stderr, or anything with `write` (tests). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressDisplay {
  onEvent(event: RunEvent): void;
  /** Ends a live line, if one is showing. */
  close(): void;
}

const barWidth = 24;
const redrawMs = 80;

/**
 * The per-stage progress display of a run on stderr. On a terminal the current stage's bar is
 * redrawn in place; elsewhere (CI logs, pipes) it prints a line at each quarter of a stage and
 * at each new optimizer trial, never a redraw.
 *
 * @example
 * const display = progressDisplay(process.stderr);
 * await startPipeline({ ..., onEvent: display.onEvent });
 * display.close();
 */
export function progressDisplay(stream: ProgressStream, options: { tty?: boolean } = {}): ProgressDisplay {
  const tty = options.tty ?? stream.isTTY === true;
  let live = false;
  let lastDraw = 0;
  let lastLogged = "";
  const endLive = () => {
    if (live) stream.write("\r\x1b[2K");
    live = false;
  };
  const line = (text: string) => {
    endLive();
    stream.write(`${text}\n`);
  };
  const progress = (event: Extract<RunEvent, { type: "stage-progress" }>) => {
    const text = `      ${bar(event.done, event.total)} ${event.done}/${event.total} ${event.unit}${event.detail ? `  ${event.detail}` : ""}`;
    if (tty) {
      const now = Date.now();
      if (now - lastDraw < redrawMs && event.done < event.total) return;
      lastDraw = now;
      const width = stream.columns !== undefined && stream.columns > 20 ? stream.columns - 1 : 120;
      stream.write(`\r\x1b[2K${text.slice(0, width)}`);
      live = true;
      return;
    }
    const key = milestone(event);
    if (key === "" || key === lastLogged) return;
    lastLogged = key;
    line(text);
  };
  return {
    onEvent(event) {
      switch (event.type) {
        case "run-start":
          return line(`${event.resumed ? "resuming" : "starting"} run ${event.runId}`);
        case "stage-start":
          lastLogged = "";
          return line(`[${event.index + 1}/${event.total}] ${stageTitles[event.stage]}`);
        case "stage-progress":
          return progress(event);
        case "note":
          return line(`      ${event.message}`);
        case "stage-end":
          return line(stageEnd(event.stage, event.status, event.ms, event.message));
      }
    },
    close: endLive,
  };
}

function stageEnd(stage: StageName, status: string, ms: number, message?: string): string {
  if (status === "succeeded") return `      done in ${seconds(ms)}`;
  if (status === "failed") return `      FAILED: ${message ?? "see the run's errors"}`;
  return `      skipped ${stageTitles[stage]}: ${message ?? ""}`;
}

/**
 * Which printed line a progress event belongs to when not on a terminal: one per optimizer
 * trial, else one when a pass completes (a log gets a line per step, never a redraw).
 */
function milestone(event: Extract<RunEvent, { type: "stage-progress" }>): string {
  if (event.unit === "trials") return `${event.unit}:${event.done}`;
  return event.done >= event.total ? `${event.unit}:done` : "";
}

function bar(done: number, total: number): string {
  const filled = total === 0 ? barWidth : Math.round((Math.min(done, total) / total) * barWidth);
  return `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]`;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}
