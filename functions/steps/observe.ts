import { advanceRun } from "../optimizer/advance-run.ts";
import { cursorSchema, parseEvent } from "../optimizer/cursor.ts";
import { recordTrials } from "../optimizer/record-trials.ts";
import { stepHandler } from "./step-handler.ts";

/** Step Observe: scores the round's trials, records them on the run, suggests the next round (or ends). */
export const handler = stepHandler(async (event, deps) => {
  const cursor = parseEvent(cursorSchema, event, "observe");
  const { cursor: next, before, after } = await advanceRun(deps, cursor, ["search"]);
  await recordTrials(deps.runStore, after, before);
  return next;
});
