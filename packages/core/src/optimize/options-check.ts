import { JudgeloopError } from "../errors.ts";

/**
 * An integer option of at least `min`, or a JudgeloopError naming the optimizer and option.
 *
 * @example
 * checkCount("MIPRO", "numTrials", options.numTrials ?? 10, 1);
 */
export function checkCount(owner: string, name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new JudgeloopError("bad_option", `${owner} option \`${name}\` must be an integer >= ${min} (got ${value})`);
  }
  return value;
}

/**
 * A number in [0, 1], or a JudgeloopError naming the optimizer and option.
 *
 * @example
 * checkRatio("BootstrapFewShot", "metricThreshold", 0.5);
 */
export function checkRatio(owner: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new JudgeloopError("bad_option", `${owner} option \`${name}\` must be between 0 and 1 (got ${value})`);
  }
  return value;
}
