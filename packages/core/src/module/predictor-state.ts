import { JudgeloopError } from "../errors.ts";
import { ChainOfThought } from "./chain-of-thought.ts";
import { Predict, type PredictorFromStateOptions } from "./predict.ts";
import type { PredictorState } from "./state.ts";

/**
 * Restores a predictor of the kind its state names (Predict or ChainOfThought).
 *
 * @example
 * const judge = predictorFromState(state.predictors.judge, { resolveLM: createLM });
 */
export function predictorFromState(state: PredictorState, options: PredictorFromStateOptions = {}): Predict {
  switch (state.kind) {
    case "predict":
      return Predict.fromState(state, options);
    case "chain_of_thought":
      return ChainOfThought.fromState(state, options);
    default:
      throw new JudgeloopError("bad_program_state", `unknown predictor kind "${String(state.kind)}"`);
  }
}
