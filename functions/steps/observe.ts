import { advanceRun } from "../optimizer/advance-run.ts";
import { cursorSchema, parseEvent } from "../optimizer/cursor.ts";
import { stepHandler } from "./step-handler.ts";

/**
 * Step Observe: takes a round's evaluations (MIPRO's trials; every GEPA round: the seed, each
 * iteration's minibatches, reflection and Pareto-set evaluation, the confirmation), records what
 * they found on the run (and, for a pipeline's optimization, on the pipeline run under the
 * stage's name), and plans the next round (or ends).
 */
export const handler = stepHandler(async (event, deps) => {
  const cursor = parseEvent(cursorSchema, event, "observe");
  return (await advanceRun(deps, cursor, "observe")).cursor;
});
