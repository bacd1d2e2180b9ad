import {
  type ArtifactStore,
  gepaStateFormat,
  getJson,
  JudgeloopError,
  miproStateFormat,
  putJson,
} from "@judgeloop/core";
import type { Cursor } from "./cursor.ts";
import { optimizerKeys } from "./keys.ts";
import { kindOfState, type OptimizerState } from "./optimizer-kind.ts";

/**
 * The optimizer state (MIPRO's or GEPA's) stored under `key`, or `missing_artifact` /
 * `bad_optimizer_state`.
 *
 * @example
 * const state = await loadState(artifacts, cursor.stateKey);
 */
export async function loadState(artifacts: ArtifactStore, key: string): Promise<OptimizerState> {
  const state = await getJson(artifacts, key);
  if (state === null) throw new JudgeloopError("missing_artifact", `no optimizer state at ${key}`);
  const format = (state as { format?: unknown }).format;
  if (format !== miproStateFormat && format !== gepaStateFormat) {
    throw new JudgeloopError("bad_optimizer_state", `${key} is not a ${miproStateFormat} or ${gepaStateFormat} state`);
  }
  return state as OptimizerState;
}

/**
 * Stores the state after `step` steps and returns the cursor that points at it, with the Task
 * that takes the state next (what the state machine's Choice states read).
 *
 * @example
 * return saveState(artifacts, runId, cursor.step + 1, next);
 */
export async function saveState(
  artifacts: ArtifactStore,
  runId: string,
  step: number,
  state: OptimizerState,
): Promise<Cursor> {
  const stateKey = optimizerKeys.state(runId, step);
  await putJson(artifacts, stateKey, state);
  const next = kindOfState(state).nextStep(state);
  return { runId, step, stateKey, phase: state.phase, next, done: state.phase === "done" };
}
