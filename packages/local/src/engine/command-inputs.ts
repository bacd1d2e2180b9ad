import { readFile } from "node:fs/promises";
import {
  applyFieldMap,
  DatasetError,
  Example,
  JudgeloopError,
  type Program,
  type ProgramState,
  parseFieldMap,
  parseSource,
} from "@judgeloop/core";
import { readDatasetSource } from "../data-files.ts";

/**
 * A saved program's JSON, with a one-line reason when it is missing or not a program.
 *
 * @example
 * const state = await readProgramFile("judge.json");
 */
export async function readProgramFile(file: string): Promise<ProgramState> {
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    throw new JudgeloopError("input_not_found", `cannot read program ${file}`, { cause: error });
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JudgeloopError("bad_program", `${file} is not valid JSON`, { cause: error });
  }
  const state = value as Partial<ProgramState> | null;
  if (typeof state?.predictors !== "object" || state.predictors === null) {
    throw new JudgeloopError(
      "bad_program",
      `${file} is not a judgeloop program (no \`predictors\`); DSPy files need import-dspy first`,
    );
  }
  return state as ProgramState;
}

/**
 * Examples from a dataset file: every row must hold the program's input fields (after `--map`);
 * the other fields are labels. Ids come from `id` or `conversation_id`, else the row number.
 *
 * @example
 * const examples = await loadExamples("qa.jsonl", program, ["question=text"]);
 */
export async function loadExamples(file: string, program: Program, mapSpecs: readonly string[]): Promise<Example[]> {
  const parsed = applyFieldMap(parseSource(await readDatasetSource(file)), parseFieldMap(mapSpecs));
  if (parsed.problems.length > 0) throw new DatasetError(parsed.problems);
  const inputs = inputFieldsOf(program);
  return parsed.rows.map((located) => {
    const missing = inputs.filter((name) => located.values[name] === undefined);
    if (missing.length > 0) {
      throw new JudgeloopError(
        "bad_dataset",
        `${file} row ${located.row}: no \`${missing.join("`, `")}\` (the program's inputs; rename with --map)`,
      );
    }
    const id = located.values.id ?? located.values.conversation_id ?? `row-${located.row}`;
    return new Example(located.values, { id: String(id), inputs });
  });
}

/**
 * The input fields of a single-predictor program.
 *
 * @example
 * inputFieldsOf(programFromState(state)); // ["transcript"]
 */
export function inputFieldsOf(program: Program): string[] {
  const [, predictor] = program.namedPredictors()[0] ?? [];
  return predictor ? predictor.signature.inputs.map((field) => field.name) : [];
}
