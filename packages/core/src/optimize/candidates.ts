import type { ProgramState } from "../module/state.ts";
import type { MiproState, Params } from "./mipro-state.ts";
import { withPrompts } from "./program-prompts.ts";
import type { CategoricalSpace } from "./tpe.ts";

/**
 * The search space: per predictor, an instruction index and a demo-set index.
 *
 * @example
 * paramSpace(state); // { "judge.instruction": 3, "judge.demos": 6 }
 */
export function paramSpace(state: MiproState): CategoricalSpace {
  const space: CategoricalSpace = {};
  for (const name of state.predictors) {
    space[`${name}.instruction`] = Math.max(1, state.instructions[name]?.length ?? 1);
    space[`${name}.demos`] = Math.max(1, state.demoSets[name]?.length ?? 1);
  }
  return space;
}

/**
 * The baseline's choice: candidate 0 everywhere (the original instruction and the baseline's
 * own demos).
 *
 * @example
 * baselineParams(state); // { "judge.instruction": 0, "judge.demos": 0 }
 */
export function baselineParams(state: MiproState): Params {
  return Object.fromEntries(Object.keys(paramSpace(state)).map((key) => [key, 0]));
}

/**
 * The program a choice stands for: the baseline with the chosen instructions and demos.
 *
 * @example
 * programForParams(state, { "judge.instruction": 2, "judge.demos": 3 });
 */
export function programForParams(state: MiproState, params: Params): ProgramState {
  const prompts = Object.fromEntries(
    state.predictors.map((name) => {
      const instruction = state.instructions[name]?.[params[`${name}.instruction`] ?? 0];
      const demoSet = state.demoSets[name]?.[params[`${name}.demos`] ?? 0];
      const baseline = state.baseline.predictors[name];
      return [
        name,
        {
          instructions: instruction?.text ?? baseline?.signature.instructions ?? "",
          demos: demoSet?.demos ?? baseline?.demos ?? [],
        },
      ];
    }),
  );
  return withPrompts(state.baseline, prompts);
}
