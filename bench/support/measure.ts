/**
 * The q-quantile (0..1) of some numbers by the nearest-rank method; NaN for none.
 *
 * @example
 * quantile([5, 1, 9, 3], 0.5); // 3
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Peak resident memory seen while sampling, and the kernel's own high-water mark, in MiB. */
export interface PeakMemory {
  sampledRssMiB: number;
  maxRssMiB: number;
}

/**
 * Samples `process.memoryUsage().rss` every `intervalMs` until stopped; `stop()` also reads
 * `process.resourceUsage().maxRSS`, which catches peaks between samples.
 *
 * @example
 * const memory = sampleMemory();
 * await work();
 * const { sampledRssMiB, maxRssMiB } = memory.stop();
 */
export function sampleMemory(intervalMs = 100): { stop(): PeakMemory } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      const mib = 1024 * 1024;
      return { sampledRssMiB: peak / mib, maxRssMiB: (process.resourceUsage().maxRSS * 1024) / mib };
    },
  };
}
