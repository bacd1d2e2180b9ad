import type { PredictorState, ProgramState } from "../module/state.ts";
import { checkProgramState } from "./check-program-state.ts";
import { defaultDescription, defaultPrefix } from "./field-names.ts";
import { JsonReader } from "./json-reader.ts";
import { programSidecar, type SidecarPredictor, sidecarKey, sidecarPredictor } from "./sidecar.ts";

/** DSPy's `metadata.dependency_versions`: what `module.save` ran under. */
export interface DspyDependencyVersions {
  python: string;
  dspy: string;
  cloudpickle: string;
}

/**
 * The versions an export claims. The file follows the layout DSPy 3.0.0 writes
 * (`{traces, train, demos, signature: {instructions, fields: [{prefix, description}]}, lm}` per
 * predictor), which DSPy 2.6 through 3.3 read unchanged; Python 3.12 and cloudpickle 3.1 are
 * what DSPy 3.0 typically runs with. On load DSPy compares them with its own environment only
 * to print a warning, and it must find exactly these three keys.
 */
export const dspyExportVersions: DspyDependencyVersions = { python: "3.12", dspy: "3.0.0", cloudpickle: "3.1" };

export interface ExportDspyOptions {
  dependencyVersions?: DspyDependencyVersions;
  /**
   * Record what DSPy's format cannot hold (field names, types and roles, predictor kinds, the
   * program's name and metadata) under `metadata.judgeloop`, so importing the file gives back
   * the same program. DSPy ignores it. Default true.
   */
  sidecar?: boolean;
}

/**
 * Writes a program in DSPy 3.x saved-program format, loadable with `module.load("x.json")`.
 * A ChainOfThought is keyed `name.predict` (its inner Predict), a Predict by its name; a program
 * that is one predictor of the program's own name is keyed like DSPy's own single modules
 * (`self` for Predict, `predict` for ChainOfThought). Of a bound LM only the model string is
 * written (`lm.model`), never keys or endpoints.
 *
 * @example
 * const dspyJson = exportDspyProgram(state);
 * writeFileSync("program.json", JSON.stringify(dspyJson, null, 2));
 */
export function exportDspyProgram(state: ProgramState, options: ExportDspyOptions = {}): Record<string, unknown> {
  const read = new JsonReader("bad_program_state");
  checkProgramState(state, read);
  // Null-prototype maps: predictor names such as `constructor` or `__proto__` are plain keys here.
  const exported: Record<string, unknown> = Object.create(null);
  const described: Record<string, SidecarPredictor> = Object.create(null);
  for (const [name, predictor] of Object.entries(state.predictors)) {
    const key = dspyKey(name, predictor, state);
    if (Object.hasOwn(exported, key) || key === "metadata") {
      throw read.fail(["predictors", name], `its DSPy key \`${key}\` is already taken`);
    }
    exported[key] = dspyPredictorState(predictor);
    described[key] = sidecarPredictor(name, predictor);
  }
  exported.metadata = {
    dependency_versions: { ...(options.dependencyVersions ?? dspyExportVersions) },
    ...(options.sidecar !== false && { [sidecarKey]: programSidecar(state, described) }),
  };
  return exported;
}

function dspyKey(name: string, predictor: PredictorState, state: ProgramState): string {
  const chainOfThought = predictor.kind === "chain_of_thought";
  const alone = Object.keys(state.predictors).length === 1 && name === state.name;
  if (alone) return chainOfThought ? "predict" : "self";
  return chainOfThought ? `${name}.predict` : name;
}

// Key order follows DSPy's own dump_state.
function dspyPredictorState(predictor: PredictorState): Record<string, unknown> {
  const { instructions, inputs, outputs } = predictor.signature;
  const fields = [...inputs, ...outputs].map((field) => ({
    prefix: field.prefix ?? defaultPrefix(field.name),
    description: field.description ?? defaultDescription(field.name),
  }));
  return {
    traces: [],
    train: [],
    demos: structuredClone(predictor.demos ?? []),
    signature: { instructions, fields },
    lm: typeof predictor.lm === "string" ? { model: predictor.lm } : null,
  };
}
