import { JudgeloopError } from "../errors.ts";

/**
 * A completion that does not fit the signature. `field` names the output field at fault
 * (undefined when the answer as a whole is unusable); the message states the reason and
 * never carries the whole completion.
 *
 * @example
 * throw new ParseError("satisfied", 'expected true or false, got "maybe"');
 * // message: "output field `satisfied`: expected true or false, got \"maybe\""
 */
export class ParseError extends JudgeloopError {
  readonly field: string | undefined;
  readonly reason: string;

  constructor(field: string | undefined, reason: string, options?: { cause?: unknown }) {
    super("parse", field === undefined ? reason : `output field \`${field}\`: ${reason}`, options);
    this.name = "ParseError";
    this.field = field;
    this.reason = reason;
  }
}

/** A short, quoted excerpt of a bad value for an error message: enough to recognise, never a whole answer. */
export function excerpt(value: unknown, max = 40): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const oneLine = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(oneLine.length > max ? `${oneLine.slice(0, max - 3)}...` : oneLine);
}
