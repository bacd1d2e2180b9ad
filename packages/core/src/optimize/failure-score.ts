import type { RecordStatus } from "../evaluate/types.ts";

/**
 * Error kinds that say nothing about the candidate program: the provider or the run failed
 * (429, 5xx, timeouts after retries, auth, a replay miss, budget, cancellation, a job a worker
 * gave up on), or the metric itself could not score. Such examples are excluded from selection and reported; every other
 * error (a parse failure, a refusal, a truncated answer, the program's own exception) is the
 * program failing the example.
 */
export const excludedErrorKinds: ReadonlySet<string> = new Set([
  "rate_limit",
  "timeout",
  "server",
  "auth",
  "cache_miss",
  "budget_exceeded",
  "cancelled",
  "metric",
  "dead_letter",
]);

/** The default score of a program failure in selection, as DSPy's `failure_score`. */
export const defaultFailureScore = 0;

/**
 * What an example counts for when candidates are compared: its score when scored, the failure
 * score when the program failed it, and null (excluded) for an infrastructure error.
 *
 * @example
 * selectionScore({ status: "error", score: null, errorKind: "parse" }); // 0
 * selectionScore({ status: "error", score: null, errorKind: "rate_limit" }); // null
 */
export function selectionScore(
  record: { status: RecordStatus; score: number | null; errorKind?: string },
  failureScore = defaultFailureScore,
): number | null {
  if (record.status === "scored") return record.score;
  if (record.status === "not_run") return null;
  return isProgramFailure(record.errorKind) ? failureScore : null;
}

/**
 * Whether an error record is the program's own failure (scored as a failure in selection).
 *
 * @example
 * isProgramFailure("truncated"); // true
 */
export function isProgramFailure(errorKind: string | undefined): boolean {
  return !excludedErrorKinds.has(errorKind ?? "exception");
}
