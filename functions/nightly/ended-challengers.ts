import { isTerminalRunStatus, type RunPosition, type RunRecord, type RunStore } from "@judgeloop/core";

const pageSize = 100;

/**
 * Every optimize run that has ended (succeeded, stopped, failed or cancelled), newest first,
 * over the whole run history a page at a time, so no challenger is missed for being older than
 * the newest page.
 *
 * @example
 * for await (const run of endedChallengers(runStore)) console.log(run.id, run.status);
 */
export async function* endedChallengers(runStore: RunStore): AsyncGenerator<RunRecord> {
  let before: RunPosition | undefined;
  for (;;) {
    const page = await runStore.listRuns({ limit: pageSize, ...(before !== undefined && { before }) });
    for (const run of page) {
      if (run.kind === "optimize" && isTerminalRunStatus(run.status)) yield run;
    }
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return;
    before = { createdAt: last.createdAt, id: last.id };
  }
}
