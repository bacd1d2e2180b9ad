import { dispatchEventSchema, parseEvent, requireRound } from "../optimizer/cursor.ts";
import { dispatchRound } from "../optimizer/dispatch-round.ts";
import { stepHandler } from "./step-handler.ts";

/**
 * Step Dispatch (`lambda:invoke.waitForTaskToken`): stores the task token, enqueues the round's
 * jobs; the state machine then waits until the worker that settles the last job sends the token.
 */
export const handler = stepHandler((event, deps) => {
  const { cursor, taskToken, queueUrl } = parseEvent(dispatchEventSchema, event, "dispatch");
  return dispatchRound(deps, { round: requireRound(cursor, "dispatch"), taskToken, ...(queueUrl && { queueUrl }) });
});
