import { JudgeloopError, type LMResolver, Program, type ProgramState } from "@judgeloop/core";

/**
 * Rebuilds a saved single-predictor program (what the optimizer and the registry store): its
 * forward calls the one predictor. A program of several predictors needs its own code, which a
 * function cannot load from S3, so it is refused.
 *
 * @example
 * const judge = savedProgram(await loadProgramState(artifacts, key), lm);
 */
export function savedProgram(state: ProgramState, resolveLM: LMResolver): Program {
  const names = Object.keys(state.predictors ?? {});
  const [only] = names;
  if (names.length !== 1 || only === undefined) {
    throw new JudgeloopError(
      "unsupported_program",
      `only single-predictor programs run on AWS; this one has ${names.length} (${names.join(", ") || "none"})`,
    );
  }
  return Program.fromState(
    state,
    (predictors, inputs, ctx) => {
      const predictor = predictors[only];
      if (!predictor) throw new JudgeloopError("bad_program", `the program has no predictor ${only}`);
      return predictor.call(inputs, ctx);
    },
    { resolveLM },
  );
}
