import { advanceRun } from "../optimizer/advance-run.ts";
import { cursorSchema, parseEvent } from "../optimizer/cursor.ts";
import { stepHandler } from "./step-handler.ts";

/** Step Bootstrap: starts the teacher traces, then takes each round of them until the demo sets are built. */
export const handler = stepHandler(async (event, deps) => {
  const cursor = parseEvent(cursorSchema, event, "bootstrap");
  return (await advanceRun(deps, cursor, "bootstrap")).cursor;
});
