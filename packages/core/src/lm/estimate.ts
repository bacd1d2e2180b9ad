import { JudgeloopError } from "../errors.ts";
import { costOf, defaultPrices, type PriceTable } from "./prices.ts";

/** A planned batch of calls to one model, with average token counts per call. */
export interface WorkloadItem {
  model: string;
  calls: number;
  inputTokensPerCall: number;
  outputTokensPerCall: number;
}

export interface WorkloadEstimate {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Dollars at list prices; undefined when any model's price is unknown (never a partial sum). */
  costUsd: number | undefined;
  /** Models without a known price, so the caller can say which ones to add. */
  unpricedModels: string[];
}

/**
 * Calls, tokens and dollars for a planned workload, for `--estimate` before a run starts.
 *
 * @example
 * estimateWorkload([
 *   { model: "openai/gpt-4o-mini", calls: 400, inputTokensPerCall: 900, outputTokensPerCall: 120 },
 *   { model: "openai/gpt-4.1", calls: 400, inputTokensPerCall: 1200, outputTokensPerCall: 60 },
 * ]); // { calls: 800, inputTokens: 840000, outputTokens: 72000, costUsd: 1.2348, unpricedModels: [] }
 */
export function estimateWorkload(
  workload: WorkloadItem | readonly WorkloadItem[],
  prices: PriceTable = defaultPrices,
): WorkloadEstimate {
  const items: readonly WorkloadItem[] = Array.isArray(workload) ? workload : [workload as WorkloadItem];
  const total: WorkloadEstimate = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedModels: [] };
  for (const item of items) {
    checkItem(item);
    const inputTokens = item.calls * item.inputTokensPerCall;
    const outputTokens = item.calls * item.outputTokensPerCall;
    total.calls += item.calls;
    total.inputTokens += inputTokens;
    total.outputTokens += outputTokens;
    const usage = { inputTokens, outputTokens, cachedInputTokens: 0, reasoningTokens: 0 };
    const cost = costOf(item.model, usage, prices);
    if (cost === undefined) {
      if (!total.unpricedModels.includes(item.model)) total.unpricedModels.push(item.model);
    } else if (total.costUsd !== undefined) {
      total.costUsd += cost;
    }
  }
  if (total.unpricedModels.length > 0) total.costUsd = undefined;
  return total;
}

function checkItem(item: WorkloadItem): void {
  for (const field of ["calls", "inputTokensPerCall", "outputTokensPerCall"] as const) {
    const value = item[field];
    if (!Number.isFinite(value) || value < 0) {
      throw new JudgeloopError(
        "bad_workload",
        `workload for ${item.model}: \`${field}\` must be a number ≥ 0, got ${value}`,
      );
    }
  }
}
