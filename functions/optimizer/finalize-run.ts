import { JudgeloopError, putJson, type RunStatus } from "@judgeloop/core";
import type { Cursor } from "./cursor.ts";
import type { OptimizerDeps } from "./deps.ts";
import { optimizerKeys } from "./keys.ts";
import { type KindOutcome, kindOfState } from "./optimizer-kind.ts";
import { loadState } from "./state-store.ts";

/** What a finished optimization run reports as its result (the run record's `result`). */
export interface OptimizeRunResult {
  programKey: string;
  /** The optimizer's final state (trials or GEPA's pool, spend), which a waiting pipeline stage reads. */
  stateKey: string;
  /** Which optimizer ran. */
  optimizer: "mipro" | "gepa";
  baselineScore: number | null;
  bestScore: number | null;
  /** MIPRO's trials, GEPA's iterations. */
  trials: number;
  /** The pick and the baseline re-measured on the confirmation split (MIPRO and GEPA). */
  confirm?: KindOutcome["confirm"];
  stoppedReason?: string;
  calls: number;
  costUsd: number | null;
}

/**
 * Ends a run whose optimizer is done: stores the chosen program (the baseline when nothing beat
 * it) and marks the run succeeded, or stopped when its budget ran out or it was cancelled, keeping
 * what it found.
 *
 * @example
 * const { status, result } = await finalizeRun(deps, cursor);
 */
export async function finalizeRun(
  deps: OptimizerDeps,
  cursor: Cursor,
): Promise<{ runId: string; status: RunStatus; result: OptimizeRunResult }> {
  const state = await loadState(deps.artifacts, cursor.stateKey);
  if (state.phase !== "done") {
    throw new JudgeloopError("wrong_step", `run ${cursor.runId} is in phase ${state.phase}, not done`);
  }
  const kind = kindOfState(state);
  const outcome = kind.outcome(state);
  const programKey = optimizerKeys.program(cursor.runId);
  await putJson(deps.artifacts, programKey, outcome.program);
  const result: OptimizeRunResult = {
    programKey,
    stateKey: cursor.stateKey,
    optimizer: kind.name,
    baselineScore: outcome.baselineScore,
    bestScore: outcome.bestScore,
    trials: outcome.trials,
    ...(outcome.confirm && { confirm: outcome.confirm }),
    ...(state.stoppedReason !== undefined && { stoppedReason: state.stoppedMessage ?? state.stoppedReason }),
    calls: state.spend.calls,
    costUsd: state.spend.costUsd,
  };
  const status: RunStatus = state.stoppedReason === undefined ? "succeeded" : "stopped";
  const now = deps.now().toISOString();
  await deps.runStore.updateRun(cursor.runId, {
    status,
    updatedAt: now,
    finishedAt: now,
    result,
    progress: kind.progress(state),
    stages: { optimize: { status: "succeeded", finishedAt: now, output: { programKey } } },
  });
  return { runId: cursor.runId, status, result };
}
