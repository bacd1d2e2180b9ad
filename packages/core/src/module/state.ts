import type { SignatureState } from "../signature/signature.ts";

/**
 * One few-shot demonstration: field values by name. `augmented: true` marks a bootstrapped
 * trace (all fields present, rendered as a full example); other demos may miss fields.
 * Extra keys (an id, a score) are kept and ignored by rendering.
 */
export type Demo = Record<string, unknown> & { augmented?: boolean };

export type PredictorKind = "predict" | "chain_of_thought";

/** Everything that defines one predictor's behaviour. */
export interface PredictorState {
  kind: PredictorKind;
  /** The signature as the model sees it (for ChainOfThought, with `reasoning` included). */
  signature: SignatureState;
  demos: Demo[];
  /** `provider/model` this predictor is bound to; null = the program's default LM. */
  lm: string | null;
  adapter?: "json" | "chat";
}

export const programStateFormat = "judgeloop.program/1";

/**
 * A saved program: named predictors, versioned JSON. Written by `toState`, read by `fromState`,
 * and converted from/to DSPy's saved-program JSON by the dspy interop module.
 */
export interface ProgramState {
  format: typeof programStateFormat;
  name?: string;
  predictors: Record<string, PredictorState>;
  metadata?: Record<string, unknown>;
}
