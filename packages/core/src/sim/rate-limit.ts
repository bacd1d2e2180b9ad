/**
 * A requests-per-minute limit as a simulated provider enforces it: a token bucket refilled at
 * rpm/60 per second that holds `burst` requests (default: one second's worth). Share one
 * instance among every SimLM that should count against the same limit.
 *
 * @example
 * const limit = new SimRateLimit({ rpm: 600 });
 * limit.tryAcquire(); // { ok: true } or { ok: false, retryAfterMs: 87 }
 */
export class SimRateLimit {
  readonly rpm: number;
  readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private updatedAt: number;

  constructor(options: { rpm: number; burst?: number; now?: () => number }) {
    if (!(options.rpm > 0)) throw new RangeError("rpm must be a positive number");
    this.rpm = options.rpm;
    this.burst = Math.max(1, options.burst ?? Math.ceil(options.rpm / 60));
    this.now = options.now ?? Date.now;
    this.tokens = this.burst;
    this.updatedAt = this.now();
  }

  /** Milliseconds until a request slot is free (at least 1), without taking one. */
  peekWaitMs(): number {
    const perMs = this.rpm / 60_000;
    const level = Math.min(this.burst, this.tokens + (this.now() - this.updatedAt) * perMs);
    return Math.max(1, Math.ceil((1 - level) / perMs));
  }

  /** The bucket's fill right now, in requests (fractional). */
  get level(): number {
    return Math.min(this.burst, this.tokens + (this.now() - this.updatedAt) * (this.rpm / 60_000));
  }

  /** Requests the bucket would admit right now, rounded down. */
  get remaining(): number {
    return Math.max(0, Math.floor(this.level));
  }

  /** Takes one request slot, or says how long until one frees up. */
  tryAcquire(): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    const perMs = this.rpm / 60_000;
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) * perMs);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil((1 - this.tokens) / perMs)) };
  }
}
