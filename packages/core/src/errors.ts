/**
 * The root of every error judgeloop's core throws. `code` is stable and machine-readable;
 * `message` is for people and never contains prompts, request bodies or keys.
 *
 * @example
 * throw new JudgeloopError("bad_signature", "output field `satisfied` is declared twice");
 */
export class JudgeloopError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JudgeloopError";
    this.code = code;
  }
}
