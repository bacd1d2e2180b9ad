import { recordTrials } from "@judgeloop/core";
import { advanceRun } from "../optimizer/advance-run.ts";
import { cursorSchema, parseEvent } from "../optimizer/cursor.ts";
import { stepHandler } from "./step-handler.ts";

/**
 * Step Observe: scores the round's trials, records them on the run (and, for a pipeline's
 * optimization, on the pipeline run under the stage's name), suggests the next round (or ends).
 */
export const handler = stepHandler(async (event, deps) => {
  const cursor = parseEvent(cursorSchema, event, "observe");
  const { cursor: next, before, after, parent } = await advanceRun(deps, cursor, ["search"]);
  await recordTrials(deps.runStore, { runId: cursor.runId, stage: "optimize" }, after, before);
  if (parent) await recordTrials(deps.runStore, parent, after, before);
  return next;
});
