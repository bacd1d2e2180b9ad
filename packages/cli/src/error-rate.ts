import { type EvaluateResult, JudgeloopError } from "@judgeloop/core";
import { InvalidArgumentError } from "commander";

/**
 * The default `--max-error-rate`: more than one example in ten ending in an error (LM failure,
 * unparseable answer, timeout) means the score describes the infrastructure more than the
 * program, so the command fails instead of reporting it as a result.
 */
export const defaultMaxErrorRate = 0.1;

/**
 * Fails (non-zero exit) when every example that ran ended in an error, or when the share of
 * errors among the examples that ran is above `maxErrorRate`. Called after the `--json`
 * result is printed, so a caller still gets the records.
 *
 * @example
 * printJson(evaluateJson(result));
 * checkErrorRate(result, flags.maxErrorRate, "evaluate");
 */
export function checkErrorRate(result: EvaluateResult, maxErrorRate: number, label: string): void {
  const ran = result.n + result.errors;
  if (result.errors === 0 || ran === 0) return;
  const first = result.records.find((r) => r.status === "error");
  const reason = first ? `; first: ${first.errorKind}: ${first.errorMessage ?? ""}` : "";
  if (result.errors === ran) {
    throw new JudgeloopError(
      "all_examples_failed",
      `${label}: every one of ${ran} examples ended in an error${reason}`,
    );
  }
  const rate = result.errors / ran;
  if (rate > maxErrorRate) {
    throw new JudgeloopError(
      "too_many_errors",
      `${label}: ${result.errors} of ${ran} examples ended in an error (${percent(rate)}, above --max-error-rate ${maxErrorRate})${reason}`,
    );
  }
}

/**
 * A commander parser for `--max-error-rate`: a share from 0 to 1.
 *
 * @example
 * command.option("--max-error-rate <r>", "…", errorRate, defaultMaxErrorRate);
 */
export function errorRate(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError("expected a share from 0 to 1, e.g. 0.1");
  }
  return n;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
