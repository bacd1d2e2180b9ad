import { JudgeloopError, loadTokenizer, planMipro } from "@judgeloop/core";
import type { Cursor } from "./cursor.ts";
import type { OptimizerDeps } from "./deps.ts";
import { loadExamples, loadProgramState, miproOptionsOf, specOfRun } from "./run-spec.ts";
import { saveState } from "./state-store.ts";

/**
 * Plans a run's optimization from its input (program, examples, sizes, caps): no LM call, so a
 * retried Prepare plans the same. Marks the run running and returns the cursor of step 0.
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
  const state = planMipro({
    program,
    trainset,
    ...(valset && { valset }),
    options: miproOptionsOf(spec, runId),
  });
  const cursor = await saveState(deps.artifacts, runId, 0, state);
  const now = deps.now().toISOString();
  const trials = state.plan.config.numTrials;
  await deps.runStore.updateRun(runId, {
    status: "running",
    startedAt: run.startedAt ?? now,
    updatedAt: now,
    progress: { done: 0, total: trials, unit: "trials" },
    stages: { optimize: { status: "running", startedAt: now, progress: { done: 0, total: trials, unit: "trials" } } },
  });
  return cursor;
}
