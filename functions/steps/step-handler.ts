import { JudgeloopError } from "@judgeloop/core";
import { composeDeps, type FunctionDeps } from "../compose.ts";

/**
 * A state-machine step as a Lambda handler: the step's use case with this container's deps. A
 * JudgeloopError leaves as an error named `judgeloop.<code>`, which becomes the Task's `Error`
 * (what Catch matches and the run's error record keeps); its message is already safe to show.
 *
 * @example
 * export const handler = stepHandler((event, deps) => prepareRun(deps, parse(event).runId));
 */
export function stepHandler<T>(
  run: (event: unknown, deps: FunctionDeps) => Promise<T>,
): (event: unknown) => Promise<T> {
  return async (event) => {
    try {
      return await run(event, composeDeps());
    } catch (error) {
      throw asStepError(error);
    }
  };
}

/**
 * The error a step reports for `error`: JudgeloopErrors renamed after their code.
 *
 * @example
 * asStepError(new JudgeloopError("run_not_found", "no run r1")).name; // "judgeloop.run_not_found"
 */
export function asStepError(error: unknown): unknown {
  if (!(error instanceof JudgeloopError)) return error;
  const renamed = new Error(error.message, { cause: error });
  renamed.name = `judgeloop.${error.code}`;
  return renamed;
}
