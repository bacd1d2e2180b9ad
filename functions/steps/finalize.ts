import { cursorSchema, parseEvent } from "../optimizer/cursor.ts";
import { finalizeRun } from "../optimizer/finalize-run.ts";
import { stepHandler } from "./step-handler.ts";

/** Step Finalize: stores the chosen program, ends the run succeeded (or stopped at its budget). */
export const handler = stepHandler((event, deps) => finalizeRun(deps, parseEvent(cursorSchema, event, "finalize")));
