/** How a LearnedRate measures and probes; the defaults suit providers' per-minute limits. */
export interface LearnedRateOptions {
  /** How far back successes count toward the measured rate; default 10 s. */
  windowMs?: number;
  /** Requests per minute added per success while callers queue on the rate; default 3 (≈ +5 %/s). */
  probeRpmPerSuccess?: number;
  /** Never learns a rate below this; default 6 requests per minute. */
  floorRpm?: number;
  /** Successes the window must hold before a first rate is learned from it; default 5. */
  minSamples?: number;
}

const defaults = { windowMs: 10_000, probeRpmPerSuccess: 3, floorRpm: 6, minSamples: 5 };

/**
 * A requests-per-minute limit learned from 429s when the provider does not say its limit. On a
 * rate limit the rate drops to what the provider served over the last window (at most halving it,
 * so a 429 during a lull cannot starve the next burst); each served request while callers wait on the
 * rate adds a little, probing for headroom. A stray 429 at a rate the provider sustains thus
 * costs nothing: the measured rate is the current one.
 *
 * @example
 * const learned = new LearnedRate();
 * learned.recordServed(now);
 * learned.rateLimited(now); // e.g. 1200 requests per minute
 */
export class LearnedRate {
  private readonly successes: number[] = [];
  private firstSeenAt: number | undefined;
  private perMinute: number | undefined;
  private readonly options: Required<LearnedRateOptions>;

  constructor(options: LearnedRateOptions = {}) {
    this.options = { ...defaults, ...options };
  }

  /** The learned limit; undefined until the first 429. */
  get rpm(): number | undefined {
    return this.perMinute;
  }

  /** Notes that a request was sent, so the window never measures from before the first. */
  recordStart(now: number): void {
    this.firstSeenAt ??= now;
  }

  /**
   * Notes a request the provider served (anything but a 429); when `saturated` (callers queue on
   * the rate) the rate grows a step.
   */
  recordServed(now: number, saturated = false): number | undefined {
    this.firstSeenAt ??= now;
    this.successes.push(now);
    this.forgetBefore(now - this.options.windowMs);
    if (saturated && this.perMinute !== undefined) this.perMinute += this.options.probeRpmPerSuccess;
    return this.perMinute;
  }

  /**
   * Lowers the rate to the measured success rate (at most halving it) and returns it. Before
   * the window holds `minSamples` successes nothing is learned: a first stray 429 says little.
   */
  rateLimited(now: number): number | undefined {
    this.forgetBefore(now - this.options.windowMs);
    if (this.perMinute === undefined && this.successes.length < this.options.minSamples) return undefined;
    const span = Math.max(1000, Math.min(this.options.windowMs, now - (this.firstSeenAt ?? now)));
    const measured = (this.successes.length * 60_000) / span;
    const lowest = this.perMinute === undefined ? measured : Math.max(measured, this.perMinute / 2);
    this.perMinute = Math.max(this.options.floorRpm, Math.min(this.perMinute ?? Number.POSITIVE_INFINITY, lowest));
    return this.perMinute;
  }

  private forgetBefore(cutoff: number): void {
    let drop = 0;
    while (drop < this.successes.length && (this.successes[drop] ?? 0) < cutoff) drop++;
    if (drop > 0) this.successes.splice(0, drop);
  }
}
