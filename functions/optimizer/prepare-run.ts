import { JudgeloopError, loadTokenizer } from "@judgeloop/core";
import type { Cursor } from "./cursor.ts";
import type { OptimizerDeps } from "./deps.ts";
import { kindOfSpec } from "./optimizer-kind.ts";
import { loadExamples, loadProgramState, specOfRun } from "./run-spec.ts";
import { saveState } from "./state-store.ts";

/**
 * Plans a run's optimization with the optimizer its input names (MIPRO or GEPA) from its
 * program, examples, sizes and caps: no LM call, so a retried Prepare plans the same. Marks the
 * run running and returns the cursor of step 0.
 *
 * @example
 * const cursor = await prepareRun(deps, "run-1"); // { step: 0, phase: "plan", ... }
 */
export async function prepareRun(deps: OptimizerDeps, runId: string): Promise<Cursor> {
  const run = await deps.runStore.getRun(runId);
  if (run === null) throw new JudgeloopError("run_not_found", `no run ${runId}`);
  const spec = specOfRun(run);
  const [program, trainset, valset] = await Promise.all([
    loadProgramState(deps.artifacts, spec.programKey),
    loadExamples(deps.artifacts, spec.trainsetKey),
    spec.valsetKey === undefined ? undefined : loadExamples(deps.artifacts, spec.valsetKey),
  ]);
  await loadTokenizer();
  const kind = kindOfSpec(spec);
  const state = kind.plan({ program, trainset, ...(valset && { valset }), spec, runId });
  const cursor = await saveState(deps.artifacts, runId, 0, state);
  const now = deps.now().toISOString();
  const progress = kind.progress(state);
  await deps.runStore.updateRun(runId, {
    status: "running",
    startedAt: run.startedAt ?? now,
    updatedAt: now,
    progress,
    stages: { optimize: { status: "running", startedAt: now, progress } },
  });
  return cursor;
}
