import { cursorSchema, parseEvent } from "../optimizer/cursor.ts";
import { suggestJobs } from "../optimizer/suggest-jobs.ts";
import { stepHandler } from "./step-handler.ts";

/** Step Suggest: writes the jobs the current step waits for to S3 → the cursor with the round. */
export const handler = stepHandler((event, deps) => suggestJobs(deps, parseEvent(cursorSchema, event, "suggest")));
