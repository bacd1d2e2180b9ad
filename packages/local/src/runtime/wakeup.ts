/**
 * Idle waits that end on a timer or as soon as someone calls `wakeAll`, so workers sleep
 * between polls yet start at once when work arrives.
 *
 * @example
 * const wakeup = new Wakeup();
 * await wakeup.wait(100); // ends after 100 ms, or earlier on wakeup.wakeAll()
 */
export class Wakeup {
  private waiters = new Set<() => void>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
