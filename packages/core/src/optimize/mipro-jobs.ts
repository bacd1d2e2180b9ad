import type { RecordStatus } from "../evaluate/types.ts";
import type { Usage } from "../lm/types.ts";
import type { ProgramState } from "../module/state.ts";
import { contentHash } from "../util/canonical-json.ts";
import type { ExampleData } from "./example-data.ts";
import type { TraceStep } from "./trace.ts";

/** A pending job as the state keeps it: just enough to rebuild the full job (see expandJob). */
export type MiproJobSpec =
  | { id: string; kind: "trace"; exampleIndex: number; round: number }
  | { id: string; kind: "summarize" }
  | { id: string; kind: "propose"; predictor: string; slot: number; tip: string; demoSet: number }
  | { id: string; kind: "evaluate"; evaluation: string; exampleIndex: number; split?: "confirm" };

/** Which signature a text job calls: the dataset summarizer, the instruction proposer, GEPA's reflection. */
export type TextJobKind = "summarize" | "propose" | "reflect";

interface JobBase {
  /** Deterministic: hash of (run, step, candidate, example), so results can be written idempotently. */
  id: string;
  runId: string;
}

/** Run the teacher (the baseline program unless the context names one) on one trainset example. */
export interface TraceJob extends JobBase {
  kind: "trace";
  program: ProgramState;
  example: ExampleData;
  exampleIndex: number;
  round: number;
  temperature?: number;
  rolloutId?: number;
}

/** One call of the dataset summarizer. */
export interface SummarizeJob extends JobBase {
  kind: "summarize";
  inputs: Record<string, string>;
}

/** One call of the instruction proposer for one predictor. */
export interface ProposeJob extends JobBase {
  kind: "propose";
  predictor: string;
  inputs: Record<string, string>;
  temperature: number;
  rolloutId: number;
}

/** One call of GEPA's reflection: a predictor's instruction and examples with feedback in, a new instruction out. */
export interface ReflectJob extends JobBase {
  kind: "reflect";
  predictor: string;
  inputs: Record<string, string>;
  temperature: number;
  rolloutId: number;
}

/** One program call (plus the metric) on one valset example. */
export interface EvaluateJob extends JobBase {
  kind: "evaluate";
  evaluation: string;
  program: ProgramState;
  example: ExampleData;
  exampleIndex: number;
  /** Also return the program's outputs and the metric's feedback (GEPA reflects on them). */
  withFeedback?: boolean;
}

export type MiproJob = TraceJob | SummarizeJob | ProposeJob | ReflectJob | EvaluateJob;

/** Usage of one job; cost is null when a price is unknown. */
export interface JobAccounting {
  calls: number;
  usage: Usage;
  costUsd: number | null;
  latencyMs: number;
}

/** The outcome of a trace or evaluate job: an evaluation record's status, never a 0 for an error. */
export interface RecordJobResult extends JobAccounting {
  jobId: string;
  kind: "trace" | "evaluate";
  status: RecordStatus;
  score: number | null;
  errorKind?: string;
  errorMessage?: string;
  /** For traces that completed: what each predictor saw and produced. */
  steps?: TraceStep[] | null;
  /** For evaluate jobs asked `withFeedback`: the program's outputs (null when it produced none). */
  outputs?: Record<string, unknown> | null;
  /** For evaluate jobs asked `withFeedback`: the metric's textual feedback, when it gave any. */
  feedback?: string;
}

/** The outcome of a summarize, propose or reflect job. */
export interface TextJobResult extends JobAccounting {
  jobId: string;
  kind: TextJobKind;
  status: "ok" | "error" | "not_run";
  text: string | null;
  errorKind?: string;
  errorMessage?: string;
}

export type MiproJobResult = RecordJobResult | TextJobResult;

/**
 * The id of a job: a hash of run, step, candidate and example, so the same job always gets the
 * same id and a redelivered result overwrites rather than counts twice.
 *
 * @example
 * jobId("run-1", "evaluate", "t3", "conv-17"); // "job-5f0c..."
 */
export function jobId(runId: string, step: string, candidate: string, example: string): string {
  return `job-${contentHash({ runId, step, candidate, example }).slice(0, 32)}`;
}
