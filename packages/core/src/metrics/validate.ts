import { JudgeloopError } from "../errors.ts";

/** Throws a named error unless 0 < level < 1. */
export function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) {
    throw new JudgeloopError("bad_metric_input", `level must be a confidence level in (0, 1), got ${level}`);
  }
}

/** Throws a named error unless `value` is a non-negative integer. */
export function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new JudgeloopError("bad_metric_input", `${name} must be a non-negative integer, got ${value}`);
  }
}
