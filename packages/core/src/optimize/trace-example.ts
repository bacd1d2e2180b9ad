import { runExample } from "../evaluate/run-example.ts";
import type { EvaluationRecord, Metric } from "../evaluate/types.ts";
import type { CallOptions } from "../module/call-options.ts";
import type { Example } from "../module/example.ts";
import type { Predictors, Program } from "../module/program.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { type TraceStep, traceProgram } from "./trace.ts";

export interface TraceRun {
  metric: Metric;
  callOptions: CallOptions;
  timeoutMs?: number;
  signal?: AbortSignal;
  clock?: () => number;
}

/** A teacher's run on one example: the evaluation record and, when the run completed, its trace. */
export interface TracedRecord {
  record: EvaluationRecord;
  steps: TraceStep[] | null;
}

/**
 * Runs `teacher` on one example with its trace recorded, then scores it with the metric. A
 * demo equal to the example is hidden from the teacher first, so it cannot copy the answer.
 * Never throws: failures are error records, as in `evaluate`.
 *
 * @example
 * const { record, steps } = await traceExample(teacher, example, 0, { metric, callOptions: { defaultLM: lm } });
 * if (record.score === 1) demos.push(...steps.map(demoFromStep));
 */
export async function traceExample<P extends Predictors>(
  teacher: Program<P>,
  example: Example,
  index: number,
  run: TraceRun,
): Promise<TracedRecord> {
  const blind = withoutOwnDemo(teacher, example);
  const seen: { steps: TraceStep[] | null } = { steps: null };
  const traced = {
    call: async (inputs: Record<string, unknown>, options?: CallOptions) => {
      const result = await traceProgram(blind, inputs, options);
      seen.steps = result.trace;
      return result.prediction;
    },
  };
  const record = await runExample(
    {
      program: traced,
      metric: run.metric,
      callOptions: run.callOptions,
      timeoutMs: run.timeoutMs,
      signal: run.signal,
      clock: run.clock ?? (() => performance.now()),
    },
    example,
    index,
  );
  return { record, steps: record.status === "scored" ? seen.steps : null };
}

/**
 * True when the record passes the metric: scored, and at least `threshold`.
 *
 * @example
 * passes(record, 1); // a boolean metric said true
 */
export function passes(record: Pick<EvaluationRecord, "status" | "score">, threshold: number): boolean {
  return record.status === "scored" && record.score !== null && record.score >= threshold;
}

function withoutOwnDemo<P extends Predictors>(teacher: Program<P>, example: Example): Program<P> {
  const inputs = example.inputs();
  const keys = Object.keys(inputs);
  const isOwn = (demo: Record<string, unknown>) =>
    keys.length > 0 && keys.every((key) => canonicalJson(demo[key]) === canonicalJson(inputs[key]));
  if (!teacher.namedPredictors().some(([, p]) => p.demos.some(isOwn))) return teacher;
  const copy = teacher.clone();
  for (const [, predictor] of copy.namedPredictors()) predictor.demos = predictor.demos.filter((d) => !isOwn(d));
  return copy;
}
