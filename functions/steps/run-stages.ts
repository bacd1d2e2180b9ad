import { parseEvent, startEventSchema } from "../optimizer/cursor.ts";
import { advancePipeline } from "../pipeline/advance-pipeline.ts";
import { stepHandler } from "./step-handler.ts";

/** Step RunStages: `{runId}` → runs the pipeline's stages until it ends or waits for an optimization. */
export const handler = stepHandler((event, deps) =>
  advancePipeline(deps, parseEvent(startEventSchema, event, "run-stages").runId),
);
