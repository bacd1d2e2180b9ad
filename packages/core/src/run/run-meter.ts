import { type LM, type LMRequest, type LMResponse, wrapLM } from "../lm/types.ts";
import type { RunStore } from "../ports/run-store.ts";

/** The run's counters of LM work, kept in the RunStore so they survive a crash and a resume. */
export const meterCounters = {
  calls: "lm.calls",
  cached: "lm.cached",
  inputTokens: "lm.input_tokens",
  outputTokens: "lm.output_tokens",
  costNanoUsd: "lm.cost_nano_usd",
} as const;

/** What a run's LMs did: calls that reached a model (with their tokens and cost) and cache hits. */
export interface MeterReading {
  calls: number;
  cached: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * Counts every answer `lm` gives into the run's counters: a cache hit only as `cached`, a real
 * call as a call with its tokens and cost. Wrap it outside the cache, so hits are seen.
 *
 * @example
 * const lm = withRunMeter(cachedLM, runs, "run-1");
 * await readMeter(runs, "run-1"); // { calls, cached, inputTokens, outputTokens, costUsd }
 */
export function withRunMeter(lm: LM, runs: RunStore, runId: string): LM {
  async function call(request: LMRequest): Promise<LMResponse> {
    const response = await lm.call(request);
    if (response.cached) {
      await runs.increment(runId, meterCounters.cached);
      return response;
    }
    const nano = Math.round((response.costUsd ?? 0) * 1e9);
    // Independent counters (one item each in DynamoDB): written at once, not one round trip after another.
    await Promise.all([
      runs.increment(runId, meterCounters.calls),
      runs.increment(runId, meterCounters.inputTokens, response.usage.inputTokens),
      runs.increment(runId, meterCounters.outputTokens, response.usage.outputTokens),
      ...(nano > 0 ? [runs.increment(runId, meterCounters.costNanoUsd, nano)] : []),
    ]);
    return response;
  }
  return wrapLM(lm, call);
}

/**
 * The run's LM counters.
 *
 * @example
 * const { calls, costUsd } = await readMeter(runs, runId);
 */
export async function readMeter(runs: RunStore, runId: string): Promise<MeterReading> {
  const read = (counter: string) => runs.getCounter(runId, counter);
  return {
    calls: await read(meterCounters.calls),
    cached: await read(meterCounters.cached),
    inputTokens: await read(meterCounters.inputTokens),
    outputTokens: await read(meterCounters.outputTokens),
    costUsd: (await read(meterCounters.costNanoUsd)) / 1e9,
  };
}
