import { type ArtifactStore, getJson, JudgeloopError, type MiproState, putJson } from "@judgeloop/core";
import type { Cursor } from "./cursor.ts";
import { optimizerKeys } from "./keys.ts";

const stateFormat = "judgeloop.mipro/1";

/**
 * The optimizer state stored under `key`, or `missing_artifact` / `bad_optimizer_state`.
 *
 * @example
 * const state = await loadState(artifacts, cursor.stateKey);
 */
export async function loadState(artifacts: ArtifactStore, key: string): Promise<MiproState> {
  const state = await getJson(artifacts, key);
  if (state === null) throw new JudgeloopError("missing_artifact", `no optimizer state at ${key}`);
  if ((state as { format?: unknown }).format !== stateFormat) {
    throw new JudgeloopError("bad_optimizer_state", `${key} is not a ${stateFormat} state`);
  }
  return state as MiproState;
}

/**
 * Stores the state after `step` steps and returns the cursor that points at it.
 *
 * @example
 * return saveState(artifacts, runId, cursor.step + 1, next);
 */
export async function saveState(
  artifacts: ArtifactStore,
  runId: string,
  step: number,
  state: MiproState,
): Promise<Cursor> {
  const stateKey = optimizerKeys.state(runId, step);
  await putJson(artifacts, stateKey, state);
  return { runId, step, stateKey, phase: state.phase, done: state.phase === "done" };
}
