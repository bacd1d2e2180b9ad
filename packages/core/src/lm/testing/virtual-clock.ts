/**
 * Test-only: time that moves only when the code under test sleeps, so admissions land on exact
 * instants. A sleep first lets pending callbacks run, so callers admitted before it see the time
 * they were admitted at.
 *
 * @example
 * const clock = virtualClock();
 * const limiter = new RateLimiter({ rpm: 600 }, clock);
 */
export function virtualClock() {
  let time = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) =>
      setImmediate(() => {
        time += ms;
        resolve();
      }),
    );
  return { now: () => time, sleep };
}
