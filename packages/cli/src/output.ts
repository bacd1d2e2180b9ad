import { JudgeloopError } from "@judgeloop/core";

/** Writes one JSON object to stdout: the `--json` result of a command. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Human output goes to stderr when `--json` is on, so stdout stays one JSON object. */
export function info(line: string, json: boolean): void {
  (json ? process.stderr : process.stdout).write(`${line}\n`);
}

/** A one-line reason for a failure: the error's own message, never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof JudgeloopError) return `${error.message} [${error.code}]`;
  if (error instanceof Error) return error.message;
  return String(error);
}
