import { parseEvent, requireRound, sweepEventSchema } from "../optimizer/cursor.ts";
import { sweepRound } from "../optimizer/sweep-round.ts";
import { stepHandler } from "./step-handler.ts";

/** Step Sweep (after Dispatch timed out): settles dead letters, re-enqueues the missing jobs → next attempt. */
export const handler = stepHandler((event, deps) => {
  const { cursor, queueUrl } = parseEvent(sweepEventSchema, event, "sweep");
  return sweepRound(deps, requireRound(cursor, "sweep"), queueUrl);
});
