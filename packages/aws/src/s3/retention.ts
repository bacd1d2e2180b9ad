// Which artifacts are scratch: files a run writes per step so Lambda payloads stay small
// (optimizer states, round jobs and records, stage passes' jobs, oversized queue messages,
// archived dead letters). Nothing reads them once the run has ended. S3ArtifactStore keeps them
// under one folder of the bucket, so a single lifecycle rule (stacks/lifecycle.ts) can expire
// them: a run's scratch sits under `runs/<runId>/`, and a prefix filter cannot skip the run id.

/** The bucket folder every scratch object is stored under (the key itself is unchanged). */
export const scratchFolder = "scratch/";

const scratchPrefixes = ["queue-payloads/", "dead-letters/"];
const runScratch = /^runs\/[^/]+\/(optimizer\/(state|jobs|round)-[^/]+\.json|stage-jobs\/.+)$/;

/**
 * True when `key` names a scratch artifact, which S3ArtifactStore stores under `scratch/` so
 * the bucket's lifecycle rules expire it.
 *
 * @example
 * isScratchKey("runs/run-1/optimizer/jobs-0003.json"); // true
 * isScratchKey("runs/run-1/report.html"); // false
 */
export function isScratchKey(key: string): boolean {
  return scratchPrefixes.some((prefix) => key.startsWith(prefix)) || runScratch.test(key);
}
