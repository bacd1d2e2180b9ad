import { type PredictorState, type ProgramState, programStateFormat } from "../module/state.ts";
import type { FieldTypeState } from "../signature/field.ts";
import { maxJsonDepth, nestsDeeperThan } from "../util/json-depth.ts";
import { isRecord, JsonReader } from "./json-reader.ts";
import { type DspyGeneration, type RawPredictor, readDspyPredictor } from "./read-predictor.ts";
import { readSidecar } from "./sidecar.ts";
import { toPredictorState } from "./to-predictor-state.ts";

export interface ImportDspyOptions {
  /**
   * The program's name; the predictor DSPy keys `self` (a bare Predict saved on its own) takes
   * it. Default: the name judgeloop's export recorded, else "program".
   */
  name?: string;
  /** Input field names, for saves whose inputs and outputs cannot be told apart otherwise. */
  inputs?: readonly string[];
  /** Field types by name (DSPy saves none; fields not listed are strings). */
  types?: Readonly<Record<string, FieldTypeState>>;
}

/** Where an imported program came from, kept in `metadata.importedFrom`. */
export interface DspyProvenance {
  format: "dspy";
  generation: DspyGeneration;
  /** DSPy's `metadata.dependency_versions` (python, dspy, cloudpickle), when the save has it. */
  dependencyVersions?: Record<string, unknown>;
  /** What had to be guessed; worth a look before trusting the program. */
  warnings?: string[];
}

const defaultProgramName = "program";

/**
 * Converts a program saved by DSPy's `module.save("x.json")`, of any format generation
 * (pre-2.5.3 flat, 2.5 `extended_signature`, 2.6 and 3.x `signature.fields`), into judgeloop's
 * program state. DSPy's fields have no names: they are recovered from demo keys, `${name}`
 * descriptions and prefixes. Only the model name of a bound LM is kept, never its keys.
 * Bad input throws JudgeloopError `bad_dspy_program` naming the JSON path and the reason.
 *
 * @example
 * const state = importDspyProgram(JSON.parse(text));
 * state.predictors.respond?.signature.outputs.map((f) => f.name); // ["reasoning", "response"]
 */
export function importDspyProgram(json: unknown, options: ImportDspyOptions = {}): ProgramState {
  const read = new JsonReader("bad_dspy_program");
  if (nestsDeeperThan(json, maxJsonDepth)) throw read.fail([], `nests deeper than ${maxJsonDepth} levels`);
  const root = read.record(json, []);
  const metadata = root.metadata === undefined ? {} : read.record(root.metadata, ["metadata"]);
  const sidecar = readSidecar(metadata, read);
  const raws = Object.keys(root)
    .filter((key) => key !== "metadata")
    .map((key) => readDspyPredictor(key, root[key], read));
  const first = raws[0];
  if (first === undefined) throw read.fail([], "no predictors (expected keys such as `self` or `respond.predict`)");
  const programName = options.name ?? sidecar?.name ?? defaultProgramName;
  const hints = { inputs: options.inputs ?? [], types: options.types ?? {} };
  // Maps, not objects: a predictor may be named `constructor` or `__proto__`.
  const predictors = new Map<string, PredictorState>();
  const keyOf = new Map<string, string>();
  const warnings: string[] = [];
  for (const raw of raws) {
    const entry = sidecar && Object.hasOwn(sidecar.predictors, raw.key) ? sidecar.predictors[raw.key] : undefined;
    const imported = toPredictorState(raw, hints, entry, read);
    const state = imported.state;
    const name = entry?.name ?? predictorName(raw.key, state, raws.length, programName);
    const clash = keyOf.get(name);
    if (clash !== undefined) throw read.fail([raw.key], `predictor name \`${name}\` is already used by \`${clash}\``);
    keyOf.set(name, raw.key);
    predictors.set(name, state);
    warnings.push(...imported.warnings);
  }
  const usesProgramName = predictors.has(programName) && !sidecar;
  const name = options.name ?? sidecar?.name ?? (usesProgramName ? programName : undefined);
  // A sidecar restores the exported program's own metadata, unless something had to be recovered.
  const importedFrom = provenance(first, metadata, warnings);
  const importedMetadata = !sidecar
    ? { importedFrom }
    : warnings.length > 0
      ? { ...sidecar.metadata, importedFrom }
      : sidecar.metadata;
  return {
    format: programStateFormat,
    ...(name !== undefined && { name }),
    predictors: Object.fromEntries(predictors),
    ...(importedMetadata !== undefined && { metadata: importedMetadata }),
  };
}

/**
 * DSPy's key minus its nesting: `respond.predict` (a ChainOfThought's inner Predict, 2.6+) →
 * `respond`. A program that is itself one predictor (`self`, or a lone ChainOfThought's
 * `predict`) takes the program's name.
 */
function predictorName(key: string, state: PredictorState, count: number, programName: string): string {
  if (key === "self") return programName;
  if (key === "predict" && count === 1 && state.kind === "chain_of_thought") return programName;
  for (const suffix of [".predict", "._predict"]) {
    if (key.endsWith(suffix) && key.length > suffix.length) return key.slice(0, -suffix.length);
  }
  return key;
}

function provenance(first: RawPredictor, metadata: Record<string, unknown>, warnings: string[]): DspyProvenance {
  const versions = metadata.dependency_versions;
  return {
    format: "dspy",
    generation: first.generation,
    ...(isRecord(versions) && { dependencyVersions: { ...versions } }),
    ...(warnings.length > 0 && { warnings }),
  };
}
