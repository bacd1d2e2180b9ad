import { contentHash, newRunRecord, type PlannedRun, type ProgramState, putJson } from "@judgeloop/core";
import type { OptimizeSpec } from "../optimizer/run-spec.ts";
import type { NightlyDeps } from "./nightly-deps.ts";

/** The runs a night started, and the planned ones it could not start (still due: retried tomorrow). */
export interface ReoptimizationStarts {
  started: { program: string; runId: string }[];
  notStarted: { program: string; model: string; reason: string }[];
}

/**
 * Starts the re-optimization runs of a night's plan: each one optimizes the program's champion
 * rebound to the newer model, on the program's recipe, capped at the planned budget, and
 * names the champion it challenges. A run's id is a hash of (program, from model, to model),
 * so a retried night, or a night that plans an upgrade again after a crash, starts nothing
 * twice (creating the run and starting its execution are both idempotent).
 *
 * @example
 * const { started } = await startReoptimizations(deps, plan.runs); // [{ program: "support", runId: "run-3f2a…" }]
 */
export async function startReoptimizations(
  deps: NightlyDeps,
  runs: readonly PlannedRun[],
): Promise<ReoptimizationStarts> {
  const result: ReoptimizationStarts = { started: [], notStarted: [] };
  for (const planned of runs) {
    const entry = await deps.programs.entry(planned.program);
    if (entry?.champion == null) {
      const reason = "the program has no champion in the program registry";
      deps.warn("watched program has no champion; its re-optimization is tried again next night", {
        program: planned.program,
      });
      result.notStarted.push({ program: planned.program, model: planned.toModel, reason });
      continue;
    }
    const upgrade = { program: planned.program, fromModel: planned.fromModel, toModel: planned.toModel };
    const runId = `run-${contentHash(upgrade).slice(0, 32)}`;
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
    result.started.push({ program: planned.program, runId });
  }
  return result;
}

/** The program with every predictor bound to `model`. */
function reboundTo(state: ProgramState, model: string): ProgramState {
  const predictors = Object.fromEntries(
    Object.entries(state.predictors).map(([name, predictor]) => [name, { ...predictor, lm: model }]),
  );
  return { ...state, predictors };
}
