import { LMError } from "./errors.ts";
import { LearnedRate } from "./learned-rate.ts";
import type { RateLimitSnapshot } from "./rate-limit-snapshot.ts";
import { abortableSleep, cancelledError, type Sleep } from "./retry.ts";
import { TokenBucket } from "./token-bucket.ts";

export interface RateLimits {
  /** Requests per minute; learned from the provider when unset. */
  rpm?: number;
  /** Tokens per minute (input + output, as estimated, then corrected); learned from headers when unset. */
  tpm?: number;
  /** Upper bound of the adaptive concurrency; default 32. */
  maxConcurrency?: number;
  /** How many seconds of rate a bucket holds, i.e. the largest burst; default 1. */
  burstSeconds?: number;
}

export interface RateLimiterDeps {
  /** Milliseconds; default Date.now. */
  now?: () => number;
  sleep?: Sleep;
  /** A float in [0, 1) for pause jitter; default Math.random. */
  random?: () => number;
}

/** How a call holding a permit ended. */
export interface PermitOutcome {
  /** Real tokens used, to correct the estimate taken at acquire time. */
  usedTokens?: number;
  /** The failure, if any: a `rate_limit` LMError halves the concurrency and pauses everyone. */
  error?: unknown;
  /** What the response's headers said about the provider's limits. */
  rateLimit?: RateLimitSnapshot;
}

export interface RateLimitPermit {
  /** Frees the slot; call exactly once (later calls are ignored). */
  release(outcome?: PermitOutcome): void;
}

export interface RateLimiterStats {
  concurrencyLimit: number;
  inFlight: number;
  queued: number;
  /** The requests-per-minute limit in force (configured, reported or learned); undefined when none. */
  rpm: number | undefined;
  /** The tokens-per-minute limit in force; undefined when none. */
  tpm: number | undefined;
  /** 429s seen since the limiter was made. */
  rateLimited: number;
}

const defaultMaxConcurrency = 32;
/** A 429 that names no wait pauses admissions this long (before jitter). */
const defaultPauseMs = 250;
/** A 429 asking for less still pauses this long, so a "retry after 2 ms" cannot start a tight loop. */
const minPauseMs = 25;

interface Waiter {
  cost: number;
  grant: (permit: RateLimitPermit) => void;
}

type Limit = "rpm" | "tpm";

function checkedRate(name: Limit, value: number | undefined): number | undefined {
  if (value !== undefined && !(value > 0)) throw new RangeError(`${name} must be positive, got ${value}`);
  return value;
}

function lowest(...values: Array<number | undefined>): number | undefined {
  const known = values.filter((v): v is number => v !== undefined && v > 0);
  return known.length > 0 ? Math.min(...known) : undefined;
}

/**
 * Admits calls to one provider endpoint and model in FIFO order under a requests-per-minute
 * bucket, a tokens-per-minute bucket and an adaptive concurrency limit (AIMD: halved on a
 * rate_limit error, +1 on each success, up to `maxConcurrency`). Each limit is the lowest of
 * what was configured, what the provider's headers report and, for requests, what 429s taught
 * (see LearnedRate), so it works with no configuration and survives a wrong one. A 429 also
 * pauses every caller until its retry-after (at least 25 ms, 250 ms when none is given) plus
 * jitter. Only one halving per wave: failures of calls admitted before the last halving do not
 * halve again.
 *
 * @example
 * const permit = await limiter.acquire(estimatedTokens, signal);
 * try { const r = await lm.call(req); permit.release({ usedTokens: r.usage.inputTokens + r.usage.outputTokens, rateLimit: r.rateLimit }); }
 * catch (error) { permit.release({ error }); throw error; }
 */
export class RateLimiter {
  private readonly configured: Partial<Record<Limit, number>> = {};
  private readonly reported: Partial<Record<Limit, number>> = {};
  private readonly learned = new LearnedRate();
  private requests: TokenBucket | undefined;
  private tokens: TokenBucket | undefined;
  private maxConcurrency: number;
  private concurrencyLimit: number;
  private inFlight = 0;
  private epoch = 0;
  private rateLimitedCount = 0;
  private pausedUntil = 0;
  private readonly queue: Waiter[] = [];
  private pumping = false;
  private wakePump: AbortController | undefined;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly burstSeconds: number;

  constructor(limits: RateLimits = {}, deps: RateLimiterDeps = {}) {
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? abortableSleep;
    this.random = deps.random ?? Math.random;
    this.burstSeconds = limits.burstSeconds ?? 1;
    this.configured.rpm = checkedRate("rpm", limits.rpm);
    this.configured.tpm = checkedRate("tpm", limits.tpm);
    this.maxConcurrency = Math.max(1, limits.maxConcurrency ?? defaultMaxConcurrency);
    this.concurrencyLimit = this.maxConcurrency;
    this.retune();
  }

  get stats(): RateLimiterStats {
    return {
      concurrencyLimit: this.concurrencyLimit,
      inFlight: this.inFlight,
      queued: this.queue.length,
      rpm: this.requests?.rate,
      tpm: this.tokens?.rate,
      rateLimited: this.rateLimitedCount,
    };
  }

  /**
   * Waits for a slot for a call estimated at `estimatedTokens`. Aborting `signal` while
   * queued rejects with LMError `cancelled`.
   */
  acquire(estimatedTokens = 0, signal?: AbortSignal, model = "limiter"): Promise<RateLimitPermit> {
    if (signal?.aborted) return Promise.reject(cancelledError(model, "while waiting for the rate limiter"));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { cost: Math.max(0, estimatedTokens), grant: resolve };
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index < 0) return;
        this.queue.splice(index, 1);
        // Nobody left to admit: end the pump's timer so it cannot keep the process alive.
        if (this.queue.length === 0) this.wakePump?.abort();
        reject(cancelledError(model, "while waiting for the rate limiter"));
      };
      waiter.grant = (permit) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(permit);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(waiter);
      void this.pump();
    });
  }

  /** Adopts the stricter of the configured and the given limits (callers sharing a model may differ). */
  restrict(limits: RateLimits): void {
    this.configured.rpm = lowest(this.configured.rpm, checkedRate("rpm", limits.rpm));
    this.configured.tpm = lowest(this.configured.tpm, checkedRate("tpm", limits.tpm));
    if (limits.maxConcurrency !== undefined) {
      this.maxConcurrency = Math.max(1, Math.min(this.maxConcurrency, limits.maxConcurrency));
      this.concurrencyLimit = Math.min(this.concurrencyLimit, this.maxConcurrency);
    }
    this.retune();
  }

  /**
   * Learns from what a provider's headers said: the per-minute limits they report replace the
   * reported ones (a configured limit still caps them), what is left caps the buckets, and an
   * exhausted budget pauses admissions until one request's worth is back.
   */
  observe(snapshot: RateLimitSnapshot | undefined): void {
    if (!snapshot) return;
    const now = this.now();
    if (snapshot.requests?.limit !== undefined && snapshot.requests.limit > 0)
      this.reported.rpm = snapshot.requests.limit;
    if (snapshot.tokens?.limit !== undefined && snapshot.tokens.limit > 0) this.reported.tpm = snapshot.tokens.limit;
    this.retune();
    for (const [budget, bucket] of [
      [snapshot.requests, this.requests],
      [snapshot.tokens, this.tokens],
    ] as const) {
      if (budget?.remaining === undefined || !bucket) continue;
      bucket.capLevel(budget.remaining, now);
      if (budget.remaining <= 0 && budget.resetMs !== undefined) {
        const oneUnitMs = budget.limit ? 60_000 / budget.limit : budget.resetMs;
        this.pauseFor(Math.min(budget.resetMs, oneUnitMs), now);
      }
    }
  }

  /** The buckets follow the lowest known limit of each kind. */
  private retune(): void {
    const now = this.now();
    const rpm = lowest(this.configured.rpm, this.reported.rpm, this.learned.rpm);
    const tpm = lowest(this.configured.tpm, this.reported.tpm);
    this.requests = this.bucketAt(this.requests, rpm, now);
    this.tokens = this.bucketAt(this.tokens, tpm, now);
  }

  private bucketAt(bucket: TokenBucket | undefined, rate: number | undefined, now: number): TokenBucket | undefined {
    if (rate === undefined) return undefined;
    if (!bucket) return new TokenBucket(rate, this.burstSeconds, now);
    if (bucket.rate !== rate) bucket.retune(rate, now);
    return bucket;
  }

  private pauseFor(ms: number, now: number): void {
    const base = Math.max(minPauseMs, ms);
    const jitter = this.random() * Math.min(base / 2, 1000);
    this.pausedUntil = Math.max(this.pausedUntil, now + base + jitter);
    this.wakePump?.abort();
  }

  private waitMs(cost: number): number {
    const now = this.now();
    return Math.max(
      this.pausedUntil - now,
      this.requests?.waitMs(1, now) ?? 0,
      cost > 0 ? (this.tokens?.waitMs(cost, now) ?? 0) : 0,
    );
  }

  // One pump at a time admits waiters in order; it parks on concurrency (release restarts it)
  // and sleeps on the buckets or a pause.
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const head = this.queue[0];
        if (!head || this.inFlight >= this.concurrencyLimit) return;
        const wait = this.waitMs(head.cost);
        if (wait > 0) {
          this.wakePump = new AbortController();
          await this.sleep(wait, this.wakePump.signal);
          this.wakePump = undefined;
          continue;
        }
        this.queue.shift();
        this.admit(head);
      }
    } finally {
      this.pumping = false;
    }
  }

  private admit(waiter: Waiter): void {
    const now = this.now();
    this.requests?.add(-1, now);
    this.tokens?.add(-waiter.cost, now);
    this.learned.recordStart(now);
    this.inFlight++;
    const admittedEpoch = this.epoch;
    let released = false;
    waiter.grant({
      release: (outcome = {}) => {
        if (released) return;
        released = true;
        this.settle(waiter.cost, admittedEpoch, outcome);
      },
    });
  }

  private settle(estimated: number, admittedEpoch: number, outcome: PermitOutcome): void {
    this.inFlight--;
    const now = this.now();
    if (outcome.usedTokens !== undefined) this.tokens?.add(estimated - outcome.usedTokens, now);
    const error = outcome.error;
    const rateLimited = error instanceof LMError && error.kind === "rate_limit";
    this.observe(outcome.rateLimit ?? (error instanceof LMError ? error.rateLimit : undefined));
    if (rateLimited) {
      this.rateLimitedCount++;
      if (admittedEpoch === this.epoch) {
        this.concurrencyLimit = Math.max(1, Math.floor(this.concurrencyLimit / 2));
        this.epoch++;
      }
      this.learned.rateLimited(now);
      this.retune();
      this.pauseFor(error.retryAfterMs ?? defaultPauseMs, now);
    } else {
      if (error === undefined) this.concurrencyLimit = Math.min(this.maxConcurrency, this.concurrencyLimit + 1);
      // A 5xx or a timeout still took one of the provider's slots: it counts toward the measured rate.
      const cancelled = error instanceof LMError && error.kind === "cancelled";
      const before = this.learned.rpm;
      if (!cancelled && this.learned.recordServed(now, this.queue.length > 0) !== before) this.retune();
    }
    void this.pump();
  }
}
