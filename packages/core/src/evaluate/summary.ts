import { addUsage, emptyUsage } from "../lm/types.ts";
import type { EvaluateResult, EvaluationRecord, StoppedReason } from "./types.ts";

/**
 * The result of an evaluation from its records: the score is the mean over scored records
 * only; errors and examples that did not run are counted, never scored as 0.
 *
 * @example
 * const result = summarize(records, undefined);
 * result.score; result.n; result.errors;
 */
export function summarize(
  records: EvaluationRecord[],
  stopped: { reason: StoppedReason; message: string } | undefined,
): EvaluateResult {
  const scores = records.flatMap((r) => (r.status === "scored" && r.score !== null ? [r.score] : []));
  const usage = records.reduce((sum, r) => addUsage(sum, r.usage), emptyUsage());
  const unpriced = records.some((r) => r.costUsd === null);
  return {
    score: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length,
    n: scores.length,
    errors: records.filter((r) => r.status === "error").length,
    notRun: records.filter((r) => r.status === "not_run").length,
    total: records.length,
    records,
    usage: { ...usage, calls: records.reduce((sum, r) => sum + r.calls, 0) },
    costUsd: unpriced ? null : records.reduce((sum, r) => sum + (r.costUsd ?? 0), 0),
    simulated: records.some((r) => r.simulated),
    ...(stopped && { stoppedReason: stopped.reason, stoppedMessage: stopped.message }),
  };
}
