import { JudgeloopError } from "../errors.ts";

/**
 * A call ran past its time limit.
 *
 * @example
 * if (error instanceof CallTimeoutError) record.errorKind = "timeout";
 */
export class CallTimeoutError extends JudgeloopError {
  constructor(timeoutMs: number) {
    super("timeout", `call did not finish within ${timeoutMs} ms`);
    this.name = "CallTimeoutError";
  }
}

/**
 * The caller aborted the evaluation while this call was in flight.
 *
 * @example
 * if (error instanceof CallCancelledError) record.status = "not_run";
 */
export class CallCancelledError extends JudgeloopError {
  constructor() {
    super("cancelled", "evaluation was cancelled before this call finished");
    this.name = "CallCancelledError";
  }
}

/**
 * Runs `work` with a signal that aborts on the outer signal or after `timeoutMs`, and settles as
 * soon as either happens, even if the work ignores its signal (its result is then discarded).
 *
 * @example
 * await withDeadline((signal) => program.call(inputs, { signal }), 30_000, options.signal);
 */
export async function withDeadline<T>(
  work: (signal: AbortSignal) => T | Promise<T>,
  timeoutMs: number | undefined,
  outer: AbortSignal | undefined,
): Promise<T> {
  if (outer?.aborted) throw new CallCancelledError();
  const timer = new AbortController();
  const signal = outer ? AbortSignal.any([outer, timer.signal]) : timer.signal;
  let rejectOnAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    rejectOnAbort = () =>
      reject(timer.signal.aborted ? new CallTimeoutError(timeoutMs ?? 0) : new CallCancelledError());
    signal.addEventListener("abort", rejectOnAbort, { once: true });
  });
  const handle = timeoutMs === undefined ? undefined : setTimeout(() => timer.abort(), timeoutMs);
  // Through a promise chain, so a synchronous throw or a plain value settles like the rest.
  const running = Promise.resolve(signal).then(work);
  // Whichever loses the race must not surface as an unhandled rejection.
  running.catch(() => {});
  aborted.catch(() => {});
  try {
    return await Promise.race([running, aborted]);
  } catch (error) {
    if (timer.signal.aborted) throw new CallTimeoutError(timeoutMs ?? 0);
    if (outer?.aborted) throw new CallCancelledError();
    throw error;
  } finally {
    clearTimeout(handle);
    if (rejectOnAbort) signal.removeEventListener("abort", rejectOnAbort);
  }
}
