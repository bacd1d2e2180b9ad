const msPerMinute = 60_000;

/**
 * A token bucket refilled at `perMinute`, holding `burstSeconds` of rate. It may go into debt, so
 * one request larger than the bucket still passes in time, and its rate may be retuned as a
 * limiter learns the provider's.
 *
 * @example
 * const bucket = new TokenBucket(600, 1, Date.now());
 * bucket.waitMs(1, Date.now()); // 0 while the bucket holds a token
 */
export class TokenBucket {
  private level: number;
  private updatedAt: number;
  private capacity: number;

  constructor(
    private perMinute: number,
    private readonly burstSeconds: number,
    now: number,
  ) {
    this.capacity = capacityOf(perMinute, burstSeconds);
    this.level = this.capacity;
    this.updatedAt = now;
  }

  get rate(): number {
    return this.perMinute;
  }

  /** Milliseconds until `cost` can be taken (a cost above the capacity waits for a full bucket). */
  waitMs(cost: number, now: number): number {
    this.refill(now);
    const need = Math.min(cost, this.capacity);
    return this.level + 1e-9 >= need ? 0 : ((need - this.level) * msPerMinute) / this.perMinute;
  }

  add(amount: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.capacity, this.level + amount);
  }

  /** Caps what is left at `remaining`, as a provider reported it. */
  capLevel(remaining: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.level, remaining);
  }

  /** A new rate; the level keeps what it holds, within the new capacity. */
  retune(perMinute: number, now: number): void {
    this.refill(now);
    this.perMinute = perMinute;
    this.capacity = capacityOf(perMinute, this.burstSeconds);
    this.level = Math.min(this.level, this.capacity);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.level = Math.min(this.capacity, this.level + (elapsed * this.perMinute) / msPerMinute);
    this.updatedAt = now;
  }
}

function capacityOf(perMinute: number, burstSeconds: number): number {
  return Math.max(1, (perMinute / 60) * burstSeconds);
}
