import type { RunPosition, RunRecord, RunStatus, RunStore } from "@judgeloop/core";
import { ApiError } from "./api-error.ts";

/** One page of GET /v1/runs: newest first, and where the next page starts (null on the last). */
export interface RunPage {
  runs: RunRecord[];
  nextCursor: string | null;
}

/**
 * The page of runs after `cursor` (the first page without one). The cursor is the last listed
 * run's position, base64url JSON, so a page never repeats or skips a run when newer runs
 * arrive between requests. One run more than asked is read to know whether a next page exists.
 *
 * @example
 * const first = await listRunPage(runStore, { limit: 20 });
 * const second = await listRunPage(runStore, { limit: 20, cursor: first.nextCursor ?? undefined });
 */
export async function listRunPage(
  runStore: RunStore,
  query: { limit: number; cursor?: string; status?: RunStatus },
): Promise<RunPage> {
  const before = query.cursor === undefined ? undefined : decodeRunCursor(query.cursor);
  const runs = await runStore.listRuns({
    limit: query.limit + 1,
    ...(query.status !== undefined && { status: query.status }),
    ...(before !== undefined && { before }),
  });
  const page = runs.slice(0, query.limit);
  const last = page.at(-1);
  return { runs: page, nextCursor: runs.length > query.limit && last ? encodeRunCursor(last) : null };
}

/** The cursor naming `run`'s place in the listing. */
export function encodeRunCursor(run: RunPosition): string {
  return Buffer.from(JSON.stringify({ createdAt: run.createdAt, id: run.id })).toString("base64url");
}

function decodeRunCursor(cursor: string): RunPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const position = parsed as Partial<RunPosition> | undefined;
  if (typeof position?.createdAt !== "string" || typeof position.id !== "string") {
    throw new ApiError(400, "invalid_request", "cursor: expected the nextCursor of an earlier page", "cursor");
  }
  return { createdAt: position.createdAt, id: position.id };
}
