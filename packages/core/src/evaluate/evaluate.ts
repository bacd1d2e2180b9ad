import { JudgeloopError } from "../errors.ts";
import type { CallOptions } from "../module/call-options.ts";
import type { Example } from "../module/example.ts";
import { type ExampleRun, notRunRecord, runExample } from "./run-example.ts";
import { summarize } from "./summary.ts";
import type { Evaluable, EvaluateOptions, EvaluateResult, EvaluationRecord, Metric, StoppedReason } from "./types.ts";

const defaultConcurrency = 8;

/** Running totals shared by the workers of one evaluation. */
interface Progress {
  next: number;
  done: number;
  errors: number;
  scored: number;
  scoreSum: number;
  stopped?: { reason: StoppedReason; message: string };
}

/**
 * Runs a program over a dataset and scores each prediction, with at most `concurrency` examples
 * in flight. Infrastructure failures (LM errors, parse failures after repair, timeouts) become
 * error records that are counted and excluded from the score, never a 0. Stopping early (max
 * errors, cancellation, budget) keeps every finished record and marks the rest as not run.
 *
 * @example
 * const result = await evaluate(judge, examples, exactMatch("satisfied"), { lm, concurrency: 4 });
 * result.score; // 0.8 (over result.n scored examples)
 * result.errors; // 1: see result.records for its errorKind
 */
export async function evaluate(
  program: Evaluable,
  dataset: readonly Example[],
  metric: Metric,
  options: EvaluateOptions = {},
): Promise<EvaluateResult> {
  const concurrency = checkCount("concurrency", options.concurrency ?? defaultConcurrency, 1);
  const maxErrors = options.maxErrors === undefined ? Infinity : checkCount("maxErrors", options.maxErrors, 0);
  checkDataset(dataset);
  const run: ExampleRun = {
    program,
    metric,
    callOptions: callOptionsOf(options),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    clock: options.clock ?? (() => performance.now()),
  };
  const records: (EvaluationRecord | undefined)[] = new Array(dataset.length);
  const progress: Progress = { next: 0, done: 0, errors: 0, scored: 0, scoreSum: 0 };

  const worker = async () => {
    while (progress.stopped === undefined && progress.next < dataset.length) {
      if (options.signal?.aborted) {
        progress.stopped = { reason: "cancelled", message: "evaluation was cancelled" };
        break;
      }
      const index = progress.next++;
      const record = await runExample(run, dataset[index] as Example, index);
      records[index] = record;
      observe(progress, record, maxErrors);
      if (record.status !== "not_run") options.onProgress?.(snapshot(progress, dataset.length));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, dataset.length) }, worker));

  const complete = dataset.map((example, index) => records[index] ?? notRunRecord(example, index, "cancelled"));
  if (progress.stopped === undefined && options.signal?.aborted && complete.some((r) => r.status === "not_run")) {
    progress.stopped = { reason: "cancelled", message: "evaluation was cancelled" };
  }
  return summarize(complete, progress.stopped);
}

function observe(progress: Progress, record: EvaluationRecord, maxErrors: number): void {
  if (record.status === "scored") {
    progress.done++;
    progress.scored++;
    progress.scoreSum += record.score ?? 0;
  } else if (record.status === "error") {
    progress.done++;
    progress.errors++;
    if (progress.errors > maxErrors && progress.stopped === undefined) {
      progress.stopped = {
        reason: "max_errors",
        message: `stopped after ${progress.errors} errors (maxErrors ${maxErrors}); last: ${record.errorMessage}`,
      };
    }
  } else if (record.errorKind === "budget_exceeded" && progress.stopped === undefined) {
    progress.stopped = { reason: "budget_exceeded", message: record.errorMessage ?? "the budget is spent" };
  }
}

function snapshot(progress: Progress, total: number) {
  return {
    done: progress.done,
    total,
    errors: progress.errors,
    score: progress.scored === 0 ? null : progress.scoreSum / progress.scored,
  };
}

function callOptionsOf(options: EvaluateOptions): CallOptions {
  return {
    ...(options.lm && { defaultLM: options.lm }),
    ...(options.resolveLM && { resolveLM: options.resolveLM }),
    ...(options.temperature !== undefined && { temperature: options.temperature }),
    ...(options.rolloutId !== undefined && { rolloutId: options.rolloutId }),
  };
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new JudgeloopError("bad_option", `evaluate option \`${name}\` must be an integer >= ${min} (got ${value})`);
  }
  return value;
}

/** A dataset without input keys is a setup mistake: fail before spending anything. */
function checkDataset(dataset: readonly Example[]): void {
  for (const example of dataset) example.inputs();
}
