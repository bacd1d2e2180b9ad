import { type ArtifactStore, getJson, JudgeloopError, putJson } from "@judgeloop/core";

interface OwnerRecord {
  pid: number;
  since: string;
}

/**
 * Claims a run for this process, refusing one that a live process is still driving (two
 * drivers would interleave their writes). A claim left by a dead process is taken over.
 *
 * @example
 * await claimRun(artifacts, runId, new Date().toISOString());
 */
export async function claimRun(artifacts: ArtifactStore, runId: string, now: string): Promise<void> {
  const key = ownerKey(runId);
  const owner = (await getJson(artifacts, key)) as OwnerRecord | null;
  if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
    throw new JudgeloopError("run_busy", `run ${runId} is being driven by process ${owner.pid} (since ${owner.since})`);
  }
  await putJson(artifacts, key, { pid: process.pid, since: now } satisfies OwnerRecord);
}

function ownerKey(runId: string): string {
  return `runs/${runId}/owner.json`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}
