import { JudgeloopError } from "@judgeloop/core";
import fc from "fast-check";
import { expect } from "vitest";

/**
 * `JUDGELOOP_CHAOS=1` (npm run test:chaos) runs every property twenty times longer; the default
 * keeps the whole folder within seconds so it can stay in `npm test`.
 */
export const chaos = process.env.JUDGELOOP_CHAOS === "1";

const chaosFactor = 20;
/** A property stops drawing new cases after this long (and passes with the cases it ran). */
const propertyTimeLimitMs = chaos ? 120_000 : 4_000;
/**
 * No single case may use more CPU time: a parser that needs more is treated as hanging. CPU time
 * (process.cpuUsage), not wall time, so a machine busy with other work cannot fail a case.
 */
export const caseTimeLimitMs = chaos ? 5_000 : 2_000;
/** An async case still pending after this much wall time is hanging (it may wait on I/O, so the bound is wide). */
const asyncHangMs = chaos ? 60_000 : 30_000;
/** Error messages name the field and the reason; a longer one is echoing the input. */
export const maxMessageLength = 8_000;

/**
 * fast-check parameters for one property: `numRuns` cases by default (twenty times that under
 * chaos), bounded in time so a slow parser cannot stall the suite.
 *
 * @example
 * fc.assert(fc.property(arbitrary, check), propertyRuns(150));
 */
export function propertyRuns(numRuns = 100): fc.Parameters<unknown> {
  return {
    numRuns: chaos ? numRuns * chaosFactor : numRuns,
    plugins: [fc.interruptAfterTimeLimit(propertyTimeLimitMs)],
  };
}

/** What a parser did with one input: a value, or the package's own error. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: JudgeloopError };

/**
 * Runs `act` and classifies what happened. A JudgeloopError (DatasetError, ParseError, …) is a
 * clean rejection and is returned after checking it has a code and a short message; anything
 * else (TypeError, RangeError, a stack overflow) fails the property, as does a case using more than
 * `caseTimeLimitMs` of CPU time.
 *
 * @example
 * const outcome = outcomeOf(() => parseConfigText(text, "c.json"));
 * if (!outcome.ok) expect(outcome.error.code).toBe("bad_config");
 */
export function outcomeOf<T>(act: () => T): Outcome<T> {
  const started = process.cpuUsage();
  try {
    const value = act();
    expectFast(started);
    return { ok: true, value };
  } catch (error) {
    expectFast(started);
    return { ok: false, error: cleanError(error) };
  }
}

/** outcomeOf for async parsers (file readers, stores); a promise still pending after `asyncHangMs` fails. */
export async function asyncOutcomeOf<T>(act: () => Promise<T>): Promise<Outcome<T>> {
  const started = process.cpuUsage();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`one case still runs after ${asyncHangMs} ms`)), asyncHangMs);
  });
  try {
    const value = await Promise.race([act(), hang]);
    expectFast(started);
    return { ok: true, value };
  } catch (error) {
    expectFast(started);
    return { ok: false, error: cleanError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The error, if it is one of ours with a code and a bounded message; otherwise the property fails. */
export function cleanError(error: unknown): JudgeloopError {
  if (!(error instanceof JudgeloopError)) throw error;
  expect(error.code).toMatch(/^[a-z_]+$/);
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.message.length).toBeLessThanOrEqual(maxMessageLength);
  return error;
}

/** Fails when the process used more than `caseTimeLimitMs` of CPU (user + system) since `started`. */
function expectFast(started: NodeJS.CpuUsage): void {
  const used = process.cpuUsage(started);
  const elapsedMs = (used.user + used.system) / 1000;
  if (elapsedMs > caseTimeLimitMs) {
    throw new Error(`one case used ${Math.round(elapsedMs)} ms of CPU (limit ${caseTimeLimitMs})`);
  }
}
