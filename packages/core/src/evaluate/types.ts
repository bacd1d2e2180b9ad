import type { LMErrorKind } from "../lm/errors.ts";
import type { LM, Usage } from "../lm/types.ts";
import type { CallOptions, LMResolver } from "../module/call-options.ts";
import type { Example } from "../module/example.ts";
import type { LMCallRecord, Prediction } from "../module/prediction.ts";

/** Anything evaluate can run: a Program, a Predict, a ChainOfThought. */
export interface Evaluable {
  call(inputs: Record<string, unknown>, options?: CallOptions): Promise<Prediction>;
}

/** What a metric gets besides the example and prediction, so a judge metric can be cancelled and costed. */
export interface MetricContext {
  signal: AbortSignal;
  /** Pass to the judge's `call` options so its LM usage counts in the record. */
  onCall: (call: LMCallRecord) => void;
  /**
   * Attaches textual feedback to the score (why it passed or failed), as DSPy's
   * `ScoreWithFeedback`: reflective optimizers (GEPA) show it to the proposer. Optional to call.
   */
  feedback?: (text: string) => void;
}

/**
 * Scores one prediction against its example: true/false or a number in [0, 1]. Throwing (or an
 * LM failure inside a judge metric) makes an error record, never a 0.
 */
export type Metric = (
  example: Example,
  prediction: Prediction,
  ctx: MetricContext,
) => number | boolean | Promise<number | boolean>;

/** Why an example has no score: an LM error kind, or a failure of the metric or the program's code. */
export type EvaluationErrorKind = LMErrorKind | "metric" | "exception";

export type RecordStatus = "scored" | "error" | "not_run";

export interface EvaluationRecord {
  /** The example's id; null when the dataset has none (join on `index` then). */
  exampleId: string | null;
  index: number;
  status: RecordStatus;
  inputs: Record<string, unknown>;
  /** The program's outputs; null when the program did not produce any. */
  outputs: Record<string, unknown> | null;
  /** In [0, 1]; null for errors and examples that did not run. */
  score: number | null;
  errorKind?: EvaluationErrorKind;
  errorMessage?: string;
  /** Textual feedback the metric attached to its score, when it gave any. */
  feedback?: string;
  /** Wall-clock time of the program call plus the metric. */
  latencyMs: number;
  usage: Usage;
  /** Number of LM calls (program and judge metric together). */
  calls: number;
  /** Null when a call's price is unknown. */
  costUsd: number | null;
  simulated: boolean;
}

export interface EvaluateProgress {
  /** Examples finished, scored or failed. */
  done: number;
  total: number;
  errors: number;
  /** Mean score so far; null until something is scored. */
  score: number | null;
}

export type StoppedReason = "max_errors" | "cancelled" | "budget_exceeded";

export interface EvaluateResult {
  /** Mean over scored examples, in [0, 1]; null when none was scored (never a silent 0). */
  score: number | null;
  /** Examples scored. */
  n: number;
  /** Examples that ended in an error (excluded from the score). */
  errors: number;
  /** Examples that never ran (stopped early or cancelled). */
  notRun: number;
  total: number;
  /** One per example, in dataset order. */
  records: EvaluationRecord[];
  usage: Usage & { calls: number };
  /** Null when any call's price is unknown. */
  costUsd: number | null;
  /** True when any answer came from a simulator. */
  simulated: boolean;
  stoppedReason?: StoppedReason;
  stoppedMessage?: string;
}

export interface EvaluateOptions {
  /** Examples in flight at once; default 8. */
  concurrency?: number;
  /** Stop scheduling new examples once more than this many have failed; default unlimited. */
  maxErrors?: number;
  /** Time limit for each program call and each metric call, in milliseconds. */
  timeoutMs?: number;
  /** Aborting keeps finished records and marks the rest as not run. */
  signal?: AbortSignal;
  onProgress?: (progress: EvaluateProgress) => void;
  /** Default LM for predictors not bound to their own. */
  lm?: LM;
  resolveLM?: LMResolver;
  temperature?: number;
  rolloutId?: number;
  /** Milliseconds clock for latencies; default `performance.now`. */
  clock?: () => number;
}
