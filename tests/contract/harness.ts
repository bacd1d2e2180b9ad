import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A clock that moves only when told, for adapters that take `now`: timeouts pass instantly
 * and deterministically.
 *
 * @example
 * const clock = new ManualClock();
 * const queue = new InMemoryJobQueue({ now: clock.now });
 * clock.advance(30_001);
 */
export class ManualClock {
  private ms: number;

  constructor(startMs = 1_700_000_000_000) {
    this.ms = startMs;
  }

  readonly now = (): number => this.ms;

  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * A fresh directory under the OS temp dir and a function that removes it.
 *
 * @example
 * const dir = await temporaryDirectory("ledger");
 * try { ... } finally { await dir.remove(); }
 */
export async function temporaryDirectory(label: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `judgeloop-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Resolves with the JudgeloopError-style `code` a promise rejects with, or fails if it resolves. */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
  throw new Error("expected the promise to reject");
}
