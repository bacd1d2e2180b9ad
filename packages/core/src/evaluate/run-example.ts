import { ParseError } from "../adapter/parse-error.ts";
import { JudgeloopError } from "../errors.ts";
import { LMError } from "../lm/errors.ts";
import { addUsage, emptyUsage } from "../lm/types.ts";
import type { CallOptions } from "../module/call-options.ts";
import type { Example } from "../module/example.ts";
import { type LMCallRecord, type Prediction, sumCost } from "../module/prediction.ts";
import { CallCancelledError, CallTimeoutError, withDeadline } from "./deadline.ts";
import type { Evaluable, EvaluationErrorKind, EvaluationRecord, Metric } from "./types.ts";

/** What every example of one evaluation shares. */
export interface ExampleRun {
  program: Evaluable;
  metric: Metric;
  callOptions: CallOptions;
  timeoutMs: number | undefined;
  signal: AbortSignal | undefined;
  clock: () => number;
}

/**
 * Runs the program and the metric on one example. Never throws: every failure becomes a
 * record with its kind, and LM calls made before a failure still count in usage and cost.
 *
 * @example
 * const record = await runExample({ program, metric, callOptions: {}, timeoutMs, signal, clock }, example, 0);
 */
export async function runExample(run: ExampleRun, example: Example, index: number): Promise<EvaluationRecord> {
  const calls: LMCallRecord[] = [];
  const onCall = (call: LMCallRecord) => calls.push(call);
  const notes: string[] = [];
  const feedback = (text: string) => {
    if (text.trim() !== "") notes.push(text.trim());
  };
  const inputs = example.inputs();
  const started = run.clock();
  let prediction: Prediction | undefined;
  let stage: "program" | "metric" = "program";
  const finish = (fields: Pick<EvaluationRecord, "status" | "score"> & Partial<EvaluationRecord>) => ({
    exampleId: example.id ?? null,
    index,
    inputs,
    outputs: prediction ? { ...prediction.outputs } : null,
    latencyMs: run.clock() - started,
    ...accounting(calls),
    ...(notes.length > 0 && { feedback: notes.join("\n") }),
    ...fields,
  });
  try {
    const current = await withDeadline(
      (signal) => run.program.call(inputs, { ...run.callOptions, signal, onCall }),
      run.timeoutMs,
      run.signal,
    );
    prediction = current;
    stage = "metric";
    const value = await withDeadline(
      (signal) => run.metric(example, current, { signal, onCall, feedback }),
      run.timeoutMs,
      run.signal,
    );
    return finish({ status: "scored", score: toScore(value) });
  } catch (error) {
    const errorKind = kindOf(error, stage);
    const status = errorKind === "cancelled" || errorKind === "budget_exceeded" ? "not_run" : "error";
    return finish({ status, score: null, errorKind, errorMessage: messageOf(error) });
  }
}

/**
 * A record for an example that was never started.
 *
 * @example
 * records[index] ?? notRunRecord(example, index, "cancelled");
 */
export function notRunRecord(example: Example, index: number, reason: EvaluationErrorKind): EvaluationRecord {
  return {
    exampleId: example.id ?? null,
    index,
    status: "not_run",
    inputs: example.inputs(),
    outputs: null,
    score: null,
    errorKind: reason,
    latencyMs: 0,
    ...accounting([]),
  };
}

function accounting(calls: readonly LMCallRecord[]) {
  return {
    usage: calls.reduce((sum, call) => addUsage(sum, call.usage), emptyUsage()),
    calls: calls.length,
    costUsd: sumCost(calls),
    simulated: calls.some((call) => call.simulated),
  };
}

function toScore(value: unknown): number {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1) return value;
  throw new JudgeloopError(
    "bad_metric",
    `metric returned ${String(value)}; expected true/false or a number between 0 and 1`,
  );
}

function kindOf(error: unknown, stage: "program" | "metric"): EvaluationErrorKind {
  if (error instanceof CallTimeoutError) return "timeout";
  if (error instanceof CallCancelledError) return "cancelled";
  if (error instanceof ParseError) return "parse";
  if (error instanceof LMError) return error.kind;
  return stage === "metric" ? "metric" : "exception";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
