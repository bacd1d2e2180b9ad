import { parseEvent, startEventSchema } from "../optimizer/cursor.ts";
import { prepareRun } from "../optimizer/prepare-run.ts";
import { stepHandler } from "./step-handler.ts";

/** Step Prepare: `{runId}` → plans the run's optimization → the cursor of step 0. */
export const handler = stepHandler((event, deps) =>
  prepareRun(deps, parseEvent(startEventSchema, event, "prepare").runId),
);
