import { JudgeloopError } from "../errors.ts";
import { type ProgramState, programStateFormat } from "../module/state.ts";
import { Signature, type SignatureState } from "../signature/signature.ts";
import type { JsonPath, JsonReader } from "./json-reader.ts";

/**
 * Checks, at run time, that a value read from a file is a judgeloop program state, with errors
 * that name the path (`predictors.judge.demos[3]: expected an object`).
 *
 * @example
 * const state = checkProgramState(JSON.parse(text), new JsonReader("bad_program_state"));
 */
export function checkProgramState(value: unknown, read: JsonReader): ProgramState {
  const state = read.record(value, []);
  if (state.format === undefined)
    throw read.fail([], `missing format (a judgeloop program says "${programStateFormat}")`);
  if (state.format !== programStateFormat) {
    throw read.fail(["format"], `expected "${programStateFormat}", got ${JSON.stringify(state.format)}`);
  }
  read.optionalString(state, "name", []);
  if (state.metadata !== undefined) read.record(state.metadata, ["metadata"]);
  const predictors = read.record(state.predictors, ["predictors"]);
  if (Object.keys(predictors).length === 0) throw read.fail(["predictors"], "a program needs at least one predictor");
  for (const [name, predictor] of Object.entries(predictors)) checkPredictor(predictor, ["predictors", name], read);
  return value as ProgramState;
}

function checkPredictor(value: unknown, path: JsonPath, read: JsonReader): void {
  const predictor = read.record(value, path);
  const kind = read.requiredString(predictor, "kind", path);
  if (kind !== "predict" && kind !== "chain_of_thought") throw read.fail([...path, "kind"], `unknown kind "${kind}"`);
  const adapter = read.optionalString(predictor, "adapter", path);
  if (adapter !== undefined && adapter !== "json" && adapter !== "chat") {
    throw read.fail([...path, "adapter"], `unknown adapter "${adapter}"`);
  }
  read.optionalString(predictor, "lm", path);
  read.optionalArray(predictor, "demos", path).forEach((demo, i) => {
    read.record(demo, [...path, "demos", i]);
  });
  checkSignature(read.record(predictor.signature, [...path, "signature"]), [...path, "signature"], read);
}

function checkSignature(signature: Record<string, unknown>, path: JsonPath, read: JsonReader): void {
  read.requiredString(signature, "instructions", path);
  for (const role of ["inputs", "outputs"]) {
    read.array(signature[role], [...path, role]).forEach((field, i) => {
      const fieldPath = [...path, role, i];
      const state = read.record(field, fieldPath);
      read.requiredString(state, "name", fieldPath);
      read.record(state.type, [...fieldPath, "type"]);
    });
  }
  try {
    Signature.fromState(signature as unknown as SignatureState);
  } catch (error) {
    if (error instanceof JudgeloopError || error instanceof TypeError) throw read.fail(path, error.message);
    throw error;
  }
}
