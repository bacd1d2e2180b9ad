import { JudgeloopError } from "../errors.ts";
import type { Predictors, Program } from "../module/program.ts";
import type { Demo, ProgramState } from "../module/state.ts";
import { Signature } from "../signature/signature.ts";

/** What an optimizer chooses for one predictor. */
export interface PredictorPrompt {
  instructions: string;
  demos: Demo[];
}

/**
 * A copy of `program` with the instructions and demos of `state`, keeping the program's own LM
 * bindings and adapters (which saved state only names). Optimizers evaluate candidates this way
 * so a predictor bound to an LM instance stays bound to it.
 *
 * @example
 * const candidate = programWithPrompts(program, candidateState);
 * await candidate.call(inputs);
 */
export function programWithPrompts<P extends Predictors>(program: Program<P>, state: ProgramState): Program<P> {
  const copy = program.clone();
  for (const [name, predictor] of copy.namedPredictors()) {
    const saved = state.predictors[name];
    if (!saved) throw new JudgeloopError("bad_program_state", `state has no predictor \`${name}\``);
    predictor.signature = Signature.fromState(saved.signature);
    predictor.demos = structuredClone(saved.demos);
  }
  return copy;
}

/**
 * `baseline` with some predictors' instructions and demos replaced.
 *
 * @example
 * withPrompts(baseline, { judge: { instructions: "Judge strictly.", demos: [] } });
 */
export function withPrompts(baseline: ProgramState, prompts: Record<string, PredictorPrompt>): ProgramState {
  const state = structuredClone(baseline);
  for (const [name, prompt] of Object.entries(prompts)) {
    const predictor = state.predictors[name];
    if (!predictor) throw new JudgeloopError("unknown_predictor", `program has no predictor \`${name}\``);
    predictor.signature = { ...predictor.signature, instructions: prompt.instructions };
    predictor.demos = structuredClone(prompt.demos);
  }
  return state;
}

/**
 * A program whose predictors all carry the given demos (instructions unchanged).
 *
 * @example
 * const student = withDemos(program, { judge: demos });
 */
export function withDemos<P extends Predictors>(program: Program<P>, demos: Record<string, Demo[]>): Program<P> {
  const copy = program.clone();
  for (const [name, predictor] of copy.namedPredictors()) predictor.demos = structuredClone(demos[name] ?? []);
  return copy;
}
