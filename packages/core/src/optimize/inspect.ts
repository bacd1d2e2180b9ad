import type { Message } from "../lm/types.ts";
import type { Example } from "../module/example.ts";
import type { Predict } from "../module/predict.ts";
import { predictorFromState } from "../module/predictor-state.ts";
import type { Predictors, Program } from "../module/program.ts";
import type { Demo, ProgramState } from "../module/state.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import type { TraceStep } from "./trace.ts";
import { type DiffSegment, wordDiff } from "./word-diff.ts";

/** The messages one predictor would send for an example, as its adapter renders them. */
export interface RenderedPredictor {
  predictor: string;
  /** Null when inputs are missing (a later step whose inputs come from an earlier one: pass a trace). */
  messages: Message[] | null;
  missingInputs: string[];
}

export interface InspectOptions {
  /** A trace of the program on this example (see traceProgram): renders what each predictor really got. */
  trace?: readonly TraceStep[];
}

/**
 * The final prompts of a program for one example, like DSPy's `inspect_history` but without
 * calling anything: each predictor's instructions, demos and the example's inputs rendered by
 * its adapter. Works on a program or on its saved state.
 *
 * @example
 * for (const { predictor, messages } of inspectProgram(optimized, example)) console.log(predictor, messages);
 */
export function inspectProgram<P extends Predictors>(
  program: Program<P> | ProgramState,
  example: Example | Record<string, unknown>,
  options: InspectOptions = {},
): RenderedPredictor[] {
  const values = isExample(example) ? example.toRecord() : example;
  return predictorsOf(program).map(([name, predictor]) => {
    const step = options.trace?.find((s) => s.predictor === name);
    const available = step?.inputs ?? values;
    const missingInputs = predictor.signature.inputs.filter((f) => available[f.name] === undefined).map((f) => f.name);
    if (missingInputs.length > 0) return { predictor: name, messages: null, missingInputs };
    const inputs = Object.fromEntries(predictor.signature.inputs.map((f) => [f.name, available[f.name]]));
    return {
      predictor: name,
      messages: predictor.adapter.format(predictor.signature, predictor.demos, inputs),
      missingInputs,
    };
  });
}

export interface PredictorDiff {
  predictor: string;
  /** Set when the predictor exists in one program only. */
  onlyIn?: "baseline" | "optimized";
  instructions: { before: string; after: string; changed: boolean; diff: DiffSegment[] };
  demos: { before: number; after: number; added: Demo[]; removed: Demo[]; kept: number };
}

export interface ProgramDiff {
  changed: boolean;
  predictors: PredictorDiff[];
}

/**
 * What an optimizer changed: per predictor, a word diff of the instructions and the demos
 * added, removed and kept (compared by content).
 *
 * @example
 * const diff = diffPrograms(baseline.toState(), optimized.toState());
 * diff.predictors[0].instructions.changed; // true
 */
export function diffPrograms(baseline: ProgramState, optimized: ProgramState): ProgramDiff {
  const names = [...new Set([...Object.keys(baseline.predictors), ...Object.keys(optimized.predictors)])];
  const predictors = names.map((name): PredictorDiff => {
    const before = baseline.predictors[name];
    const after = optimized.predictors[name];
    const beforeText = before?.signature.instructions ?? "";
    const afterText = after?.signature.instructions ?? "";
    return {
      predictor: name,
      ...(!after && { onlyIn: "baseline" as const }),
      ...(!before && { onlyIn: "optimized" as const }),
      instructions: {
        before: beforeText,
        after: afterText,
        changed: beforeText !== afterText,
        diff: wordDiff(beforeText, afterText),
      },
      demos: demoChanges(before?.demos ?? [], after?.demos ?? []),
    };
  });
  const changed = predictors.some(
    (p) => p.onlyIn !== undefined || p.instructions.changed || p.demos.added.length > 0 || p.demos.removed.length > 0,
  );
  return { changed, predictors };
}

function demoChanges(before: readonly Demo[], after: readonly Demo[]) {
  const beforeKeys = new Set(before.map(demoKey));
  const afterKeys = new Set(after.map(demoKey));
  return {
    before: before.length,
    after: after.length,
    added: after.filter((d) => !beforeKeys.has(demoKey(d))).map((d) => structuredClone(d)),
    removed: before.filter((d) => !afterKeys.has(demoKey(d))).map((d) => structuredClone(d)),
    kept: after.filter((d) => beforeKeys.has(demoKey(d))).length,
  };
}

function demoKey(demo: Demo): string {
  return canonicalJson(demo);
}

function predictorsOf<P extends Predictors>(program: Program<P> | ProgramState): [string, Predict][] {
  if ("namedPredictors" in program) return program.namedPredictors();
  return Object.entries(program.predictors).map(([name, state]) => [name, predictorFromState(state, { name })]);
}

function isExample(value: Example | Record<string, unknown>): value is Example {
  return typeof (value as Example).toRecord === "function" && typeof (value as Example).inputs === "function";
}
