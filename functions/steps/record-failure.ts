import { failureEventSchema, parseEvent } from "../optimizer/cursor.ts";
import { recordFailure } from "../optimizer/record-failure.ts";
import { stepHandler } from "./step-handler.ts";

/** Step RecordFailure: marks the run failed with the error a Task's Catch passed on. */
export const handler = stepHandler((event, deps) => {
  const { runId, error } = parseEvent(failureEventSchema, event, "record-failure");
  return recordFailure(deps, runId, error);
});
