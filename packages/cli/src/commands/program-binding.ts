import { JudgeloopError, type LM, type Program } from "@judgeloop/core";
import { type ProviderEnv, requireModelKey } from "@judgeloop/local";

/**
 * Binds every predictor of a program a command runs to an LM: `--model` when given (it
 * overrides a saved binding), else the model the program was saved with. A predictor with
 * neither is an error naming it and saying to pass `--model`. Returns the models in use.
 *
 * @example
 * const models = bindProgramModels(program, { model: flags.model, lmFor: lms.lmFor, env, source: "opt.json" });
 */
export function bindProgramModels(
  program: Program,
  options: { model: string | undefined; lmFor: (model: string) => LM; env: ProviderEnv; source: string },
): string[] {
  const models = new Set<string>();
  for (const [name, predictor] of program.namedPredictors()) {
    const model = options.model ?? predictor.model;
    if (model === undefined) {
      throw new JudgeloopError(
        "bad_input",
        `predictor \`${name}\` of ${options.source} is bound to no model: pass --model provider/model`,
      );
    }
    requireModelKey(
      model,
      options.env,
      options.model !== undefined ? "--model" : `predictor \`${name}\`'s saved model`,
    );
    predictor.bind(options.lmFor(model));
    models.add(model);
  }
  return [...models];
}
