import { contentHash, newRunRecord, type PlannedRun, type ProgramState, putJson } from "@judgeloop/core";
import type { OptimizeSpec } from "../optimizer/run-spec.ts";
import type { NightlyDeps } from "./nightly-deps.ts";

/**
 * Starts the re-optimization runs of a night's plan: each one optimizes the program's champion
 * rebound to the newer model, on the program's recipe, capped at the planned budget, and
 * names the champion it challenges. A run's id is a hash of (night, program, model), so a
 * retried night starts nothing twice.
 *
 * @example
 * const started = await startReoptimizations(deps, plan.runs); // ["run-3f2a…"]
 */
export async function startReoptimizations(deps: NightlyDeps, runs: readonly PlannedRun[]): Promise<string[]> {
  const started: string[] = [];
  const night = deps.now().toISOString().slice(0, 10);
  for (const planned of runs) {
    const entry = await deps.programs.entry(planned.program);
    if (entry?.champion == null) {
      deps.warn("watched program has no champion in the program registry; not re-optimized", {
        program: planned.program,
      });
      continue;
    }
    const runId = `run-${contentHash({ night, program: planned.program, toModel: planned.toModel }).slice(0, 32)}`;
    const champion = await deps.programs.programState(planned.program, entry.champion);
    const programKey = `programs/${planned.program}/challengers/${runId}.json`;
    await putJson(deps.artifacts, programKey, reboundTo(champion, planned.toModel));
    const { recipe } = entry;
    const spec: OptimizeSpec = {
      kind: "optimize",
      programKey,
      trainsetKey: recipe.trainsetKey,
      ...(recipe.valsetKey !== undefined && { valsetKey: recipe.valsetKey }),
      metric: recipe.metric,
      models: { task: planned.toModel, proposer: recipe.proposerModel },
      optimizer: recipe.optimizer ?? {},
      budget: { capUsd: planned.budgetUsd },
      challenge: { program: planned.program, championVersion: entry.champion, fromModel: planned.fromModel },
    };
    const now = deps.now().toISOString();
    await deps.runStore.createRun(
      newRunRecord({ id: runId, kind: "optimize", input: spec, now, capUsd: planned.budgetUsd }),
    );
    await deps.startExecution(runId);
    started.push(runId);
  }
  return started;
}

/** The program with every predictor bound to `model`. */
function reboundTo(state: ProgramState, model: string): ProgramState {
  const predictors = Object.fromEntries(
    Object.entries(state.predictors).map(([name, predictor]) => [name, { ...predictor, lm: model }]),
  );
  return { ...state, predictors };
}
