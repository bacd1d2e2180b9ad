import type { LM } from "../lm/types.ts";
import type { LMCallRecord } from "./prediction.ts";

/** Turns a `provider/model` string from saved state into an LM (the caller's composition root). */
export type LMResolver = (model: string) => LM;

/**
 * Options of one module call. A program passes the same object through its forward function
 * to each predictor, so every field means the same thing at both levels.
 *
 * @example
 * await predict.call({ transcript }, { lm, temperature: 0, rolloutId: 2, signal });
 */
export interface CallOptions {
  /** Overrides every predictor's own binding for this call. */
  lm?: LM;
  /** Used by predictors that have no LM of their own; a program passes its default here. */
  defaultLM?: LM;
  /** Resolves model strings of predictors bound by name only (e.g. loaded from state). */
  resolveLM?: LMResolver;
  /** Distinguishes otherwise identical calls that should get independent samples. */
  rolloutId?: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Receives every LM call as it completes, including calls of a module call that later fails. */
  onCall?: (call: LMCallRecord) => void;
}
