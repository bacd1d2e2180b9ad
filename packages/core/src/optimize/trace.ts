import type { CallOptions } from "../module/call-options.ts";
import type { Prediction } from "../module/prediction.ts";
import type { Predictors, Program } from "../module/program.ts";
import type { Demo } from "../module/state.ts";

/** What one predictor saw and produced during a forward pass. */
export interface TraceStep {
  predictor: string;
  /** The signature's input fields, as the predictor received them. */
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

export interface TracedPrediction {
  prediction: Prediction;
  /** Predictor calls that completed, in the order they finished. */
  trace: TraceStep[];
}

/**
 * Runs `program` once and records every predictor call. The program is cloned and the clone's
 * predictors are wrapped, so the caller's program is untouched and concurrent traces stay apart.
 *
 * @example
 * const { prediction, trace } = await traceProgram(program, example.inputs(), { defaultLM: lm });
 * trace[0]; // { predictor: "judge", inputs: { transcript }, outputs: { reasoning, satisfied } }
 */
export async function traceProgram<P extends Predictors>(
  program: Program<P>,
  inputs: Record<string, unknown>,
  options: CallOptions = {},
): Promise<TracedPrediction> {
  const trace: TraceStep[] = [];
  const copy = program.clone();
  for (const [name, predictor] of copy.namedPredictors()) {
    const call = predictor.call.bind(predictor);
    predictor.call = async (callInputs, callOptions) => {
      const prediction = await call(callInputs, callOptions);
      const seen = Object.fromEntries(predictor.signature.inputs.map((f) => [f.name, callInputs[f.name]]));
      trace.push({ predictor: name, inputs: seen, outputs: { ...prediction.outputs } });
      return prediction;
    };
  }
  const prediction = await copy.call(inputs, options);
  return { prediction, trace };
}

/**
 * A bootstrapped demo from one traced call: every field present, marked `augmented`.
 *
 * @example
 * const demo = demoFromStep(trace[0]); // { transcript, reasoning, satisfied, augmented: true }
 */
export function demoFromStep(step: TraceStep): Demo {
  return { ...structuredClone(step.inputs), ...structuredClone(step.outputs), augmented: true };
}
