import { LMError } from "./errors.ts";
import { abortableSleep, cancelledError, type Sleep } from "./retry.ts";
import { type LM, type LMRequest, type LMResponse, wrapLM } from "./types.ts";

export interface RateLimits {
  /** Requests per minute; unlimited when unset. */
  rpm?: number;
  /** Tokens per minute (input + output, as estimated, then corrected); unlimited when unset. */
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
}

/** How a call holding a permit ended. */
export interface PermitOutcome {
  /** Real tokens used, to correct the estimate taken at acquire time. */
  usedTokens?: number;
  /** The failure, if any: a `rate_limit` LMError halves the concurrency. */
  error?: unknown;
}

export interface RateLimitPermit {
  /** Frees the slot; call exactly once (later calls are ignored). */
  release(outcome?: PermitOutcome): void;
}

export interface RateLimiterStats {
  concurrencyLimit: number;
  inFlight: number;
  queued: number;
}

const defaultMaxConcurrency = 32;
const msPerMinute = 60_000;

/** A token bucket that may go into debt, so one request larger than the bucket still passes in time. */
class TokenBucket {
  private level: number;
  private updatedAt: number;

  constructor(
    private perMinute: number,
    private capacity: number,
    now: number,
  ) {
    this.level = capacity;
    this.updatedAt = now;
  }

  waitMs(cost: number, now: number): number {
    this.refill(now);
    const need = Math.min(cost, this.capacity);
    return this.level + 1e-9 >= need ? 0 : ((need - this.level) * msPerMinute) / this.perMinute;
  }

  add(amount: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.capacity, this.level + amount);
  }

  tighten(perMinute: number, capacity: number): void {
    this.perMinute = Math.min(this.perMinute, perMinute);
    this.capacity = Math.min(this.capacity, capacity);
    this.level = Math.min(this.level, this.capacity);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.level = Math.min(this.capacity, this.level + (elapsed * this.perMinute) / msPerMinute);
    this.updatedAt = now;
  }
}

interface Waiter {
  cost: number;
  grant: (permit: RateLimitPermit) => void;
}

/** A bucket for `perMinute` (none when unset), or `existing` tightened to it. */
function bucketFor(
  perMinute: number | undefined,
  burstSeconds: number,
  now: number,
  existing?: TokenBucket,
): TokenBucket | undefined {
  if (perMinute === undefined) return existing;
  if (!(perMinute > 0)) throw new RangeError(`a per-minute limit must be positive, got ${perMinute}`);
  const capacity = Math.max(1, (perMinute / 60) * burstSeconds);
  if (!existing) return new TokenBucket(perMinute, capacity, now);
  existing.tighten(perMinute, capacity);
  return existing;
}

/**
 * Admits calls to one provider/model in FIFO order under a requests-per-minute bucket, a
 * tokens-per-minute bucket and an adaptive concurrency limit (AIMD: halved on a rate_limit
 * error, +1 on each success, up to `maxConcurrency`). A rate_limit error that carries
 * retry-after also pauses admissions until then. Only one halving per wave: failures of calls
 * admitted before the last halving do not halve again.
 *
 * @example
 * const permit = await limiter.acquire(estimatedTokens, signal);
 * try { const r = await lm.call(req); permit.release({ usedTokens: r.usage.inputTokens + r.usage.outputTokens }); }
 * catch (error) { permit.release({ error }); throw error; }
 */
export class RateLimiter {
  private requests: TokenBucket | undefined;
  private tokens: TokenBucket | undefined;
  private maxConcurrency: number;
  private concurrencyLimit: number;
  private inFlight = 0;
  private epoch = 0;
  private pausedUntil = 0;
  private readonly queue: Waiter[] = [];
  private pumping = false;
  private wakePump: AbortController | undefined;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly burstSeconds: number;

  constructor(limits: RateLimits = {}, deps: RateLimiterDeps = {}) {
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? abortableSleep;
    this.burstSeconds = limits.burstSeconds ?? 1;
    this.requests = bucketFor(limits.rpm, this.burstSeconds, this.now());
    this.tokens = bucketFor(limits.tpm, this.burstSeconds, this.now());
    this.maxConcurrency = Math.max(1, limits.maxConcurrency ?? defaultMaxConcurrency);
    this.concurrencyLimit = this.maxConcurrency;
  }

  get stats(): RateLimiterStats {
    return { concurrencyLimit: this.concurrencyLimit, inFlight: this.inFlight, queued: this.queue.length };
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

  /** Adopts the stricter of the current and the given limits (callers sharing a model may differ). */
  restrict(limits: RateLimits): void {
    this.requests = bucketFor(limits.rpm, this.burstSeconds, this.now(), this.requests);
    this.tokens = bucketFor(limits.tpm, this.burstSeconds, this.now(), this.tokens);
    if (limits.maxConcurrency !== undefined) {
      this.maxConcurrency = Math.max(1, Math.min(this.maxConcurrency, limits.maxConcurrency));
      this.concurrencyLimit = Math.min(this.concurrencyLimit, this.maxConcurrency);
    }
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
    if (error instanceof LMError && error.kind === "rate_limit") {
      if (admittedEpoch === this.epoch) {
        this.concurrencyLimit = Math.max(1, Math.floor(this.concurrencyLimit / 2));
        this.epoch++;
      }
      if (error.retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + error.retryAfterMs);
    } else if (error === undefined) {
      this.concurrencyLimit = Math.min(this.maxConcurrency, this.concurrencyLimit + 1);
    }
    void this.pump();
  }
}

/**
 * One RateLimiter per key (a `provider/model` string), so everything in a process that calls
 * the same model shares its limits. A second caller's limits tighten the shared limiter.
 *
 * @example
 * const registry = new RateLimiterRegistry();
 * registry.limiterFor("openai/gpt-4o-mini", { rpm: 500 }) === registry.limiterFor("openai/gpt-4o-mini", {}); // true
 */
export class RateLimiterRegistry {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly deps: RateLimiterDeps = {}) {}

  limiterFor(key: string, limits: RateLimits = {}): RateLimiter {
    const existing = this.limiters.get(key);
    if (existing) {
      existing.restrict(limits);
      return existing;
    }
    const limiter = new RateLimiter(limits, this.deps);
    this.limiters.set(key, limiter);
    return limiter;
  }

  get size(): number {
    return this.limiters.size;
  }
}

export interface WithRateLimitOptions extends RateLimits {
  /** Registry key; default `lm.model`. */
  key?: string;
  /** Tokens a request will use, for the TPM bucket; default characters / 4 plus maxTokens. */
  estimateTokens?: (request: LMRequest) => number;
}

/**
 * A rough token estimate, good enough for pacing: four characters per token for the input,
 * plus the output ceiling providers count against TPM.
 *
 * @example
 * roughTokenEstimate({ messages: [{ role: "user", content: "12345678" }], maxTokens: 10 }); // 12
 */
export function roughTokenEstimate(request: LMRequest): number {
  const characters = request.messages.reduce((sum, message) => sum + message.content.length, 0);
  return Math.ceil(characters / 4) + (request.maxTokens ?? 0);
}

/**
 * Wraps `lm` so each call first takes a permit from the registry's limiter for its model, and
 * reports back the real usage or the error.
 *
 * @example
 * const registry = new RateLimiterRegistry();
 * const lm = withRateLimit(provider, registry, { rpm: 500, tpm: 200_000, maxConcurrency: 16 });
 */
export function withRateLimit(lm: LM, registry: RateLimiterRegistry, options: WithRateLimitOptions = {}): LM {
  const limiter = registry.limiterFor(options.key ?? lm.model, options);
  const estimate = options.estimateTokens ?? roughTokenEstimate;
  async function call(request: LMRequest): Promise<LMResponse> {
    const permit = await limiter.acquire(estimate(request), request.signal, lm.model);
    try {
      const response = await lm.call(request);
      const used = response.cached ? 0 : response.usage.inputTokens + response.usage.outputTokens;
      permit.release({ usedTokens: used });
      return response;
    } catch (error) {
      permit.release({ error });
      throw error;
    }
  }
  return wrapLM(lm, call);
}
