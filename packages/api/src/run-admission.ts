import type { RunRecord, RunStore } from "@judgeloop/core";

/**
 * Port: how many runs may be active at once, decided atomically. `admit` takes one of
 * `maxActive` slots for a run (a run that holds one already is admitted again, so a retried
 * request takes nothing twice); the slot goes back when the run ends. On DynamoDB this is one
 * conditional update of a counter item (`DynamoRunAdmission` in @judgeloop/aws), because the
 * runs index is eventually consistent: concurrent starts counting it could all pass the cap.
 *
 * @example
 * const { admitted, active } = await admission.admit("run-1", 20);
 * if (!admitted) refuse(`${active} runs are active`);
 */
export interface RunAdmission {
  admit(runId: string, maxActive: number): Promise<{ admitted: boolean; active: number }>;
}

/**
 * A RunAdmission for stores whose listing is strongly consistent (SQLite, memory): it counts
 * the runs queued or running, leaving out a pipeline's optimizations (runs with
 * `input.parent`), which are part of their pipeline. Between the count and the run's creation
 * another start could pass too, so it is exact only for one process starting runs one at a
 * time, as `judgeloop serve` does.
 *
 * @example
 * const admission = countingAdmission(runStore);
 */
export function countingAdmission(runStore: RunStore): RunAdmission {
  return {
    async admit(runId, maxActive) {
      const limit = 2 * maxActive + 1;
      const own = (runs: RunRecord[]) =>
        runs.filter((run) => run.id !== runId && !(run.input as { parent?: unknown } | null)?.parent);
      const active =
        own(await runStore.listRuns({ status: "queued", limit })).length +
        own(await runStore.listRuns({ status: "running", limit })).length;
      return { admitted: active < maxActive, active };
    },
  };
}
