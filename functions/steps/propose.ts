import { advanceRun } from "../optimizer/advance-run.ts";
import { cursorSchema, parseEvent } from "../optimizer/cursor.ts";
import { stepHandler } from "./step-handler.ts";

/** Step Propose: takes the summary and instruction proposals, then suggests the first search round. */
export const handler = stepHandler(async (event, deps) => {
  const cursor = parseEvent(cursorSchema, event, "propose");
  return (await advanceRun(deps, cursor, "propose")).cursor;
});
