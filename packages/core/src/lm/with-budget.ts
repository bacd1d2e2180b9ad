import { JudgeloopError } from "../errors.ts";
import type { BudgetLedger, ReserveResult } from "./budget.ts";
import { LMError } from "./errors.ts";
import { outputAllowanceOf } from "./model-settings.ts";
import { costOf, defaultPrices, type ModelPrice, type PriceTable, priceOf } from "./prices.ts";
import { estimateInputTokens, loadTokenizer } from "./tokens.ts";
import { type LM, type LMRequest, type LMResponse, wrapLM } from "./types.ts";

export interface BudgetOptions {
  runId: string;
  /** Dollar cap for the run; every model used must then have a known price. */
  capUsd?: number;
  /** Cap on the number of LM calls for the run. */
  maxCalls?: number;
  prices?: PriceTable;
  /**
   * Output tokens to assume and to ask for when a request sets no `maxTokens`; default the
   * model's allowance (`outputAllowanceOf`: 16k for reasoning models, 4k otherwise). It is sent
   * to the provider as the request's `maxTokens`, so the reserved worst case is a real bound.
   */
  maxOutputTokensDefault?: number;
}

/**
 * Wraps `lm` so every call first reserves its worst-case cost (estimated input tokens plus the
 * maximum output tokens, at the model's prices) against the run's cap, then reconciles the
 * reservation to the real usage, or releases it when the call fails (a failure that reports
 * usage, such as a truncated answer, is booked at that usage). A call whose reservation
 * would pass the cap (or `maxCalls`) is refused with LMError `budget_exceeded` before anything
 * is sent. Responses carry `costUsd`.
 *
 * With a dollar cap, a model without a known price is refused at once (JudgeloopError
 * `unknown_price`): pricing it at $0 would let the run spend without limit.
 *
 * @example
 * const lm = withBudget(provider, new MemoryBudgetLedger(), { runId: "run-1", capUsd: 2, maxCalls: 5000 });
 */
export function withBudget(lm: LM, ledger: BudgetLedger, options: BudgetOptions): LM {
  const prices = options.prices ?? defaultPrices;
  const price = priceOf(lm.model, prices);
  if (!price && options.capUsd !== undefined) {
    throw new JudgeloopError(
      "unknown_price",
      `no price is known for model ${lm.model} while a dollar budget is set; add it to the price table`,
    );
  }
  const maxOutputTokensDefault = options.maxOutputTokensDefault ?? outputAllowanceOf(lm.capabilities);
  const limits = { capUsd: options.capUsd, maxCalls: options.maxCalls };

  async function call(request: LMRequest): Promise<LMResponse> {
    const bounded: LMRequest = { ...request, maxTokens: request.maxTokens ?? maxOutputTokensDefault };
    await loadTokenizer();
    const worstCase = price ? worstCaseCost(lm.model, bounded, price) : 0;
    const reservation = await ledger.reserve(options.runId, worstCase, limits);
    if (!reservation.ok) throw refusal(lm.model, options, worstCase, reservation);
    let response: LMResponse;
    try {
      response = await lm.call(bounded);
    } catch (error) {
      // A failure that still consumed tokens (a truncated answer) is booked; others cost nothing.
      const spent = error instanceof LMError && error.usage ? costOf(lm.model, error.usage, prices) : undefined;
      if (spent === undefined) await ledger.release(reservation.reservationId);
      else await ledger.reconcile(reservation.reservationId, spent);
      throw error;
    }
    const costUsd = response.cached ? 0 : costOf(lm.model, response.usage, prices);
    await ledger.reconcile(reservation.reservationId, costUsd ?? 0);
    return costUsd === undefined ? response : { ...response, costUsd };
  }

  return wrapLM(lm, call);
}

/**
 * Dollars a request can cost at most: every input token uncached, every allowed output token
 * used. The request must carry `maxTokens`.
 *
 * @example
 * worstCaseCost("openai/gpt-4o-mini", { messages, maxTokens: 256 }, price);
 */
export function worstCaseCost(model: string, request: LMRequest, price: ModelPrice): number {
  const inputTokens = estimateInputTokens(model, request);
  const outputTokens = request.maxTokens ?? 0;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}

function refusal(
  model: string,
  options: BudgetOptions,
  worstCase: number,
  result: Extract<ReserveResult, { ok: false }>,
): LMError {
  const { spend } = result;
  const standing = `spent $${spend.spentUsd.toFixed(6)}, reserved $${spend.reservedUsd.toFixed(6)}, calls ${spend.calls}`;
  const message =
    result.limit === "cap_usd"
      ? `run ${options.runId}: reserving $${worstCase.toFixed(6)} for ${model} would pass the $${options.capUsd} cap (${standing})`
      : `run ${options.runId}: another call to ${model} would pass the ${options.maxCalls}-call cap (${standing})`;
  return new LMError("budget_exceeded", message, { provider: providerOf(model), model });
}

function providerOf(model: string): string {
  const slash = model.indexOf("/");
  return slash === -1 ? model : model.slice(0, slash);
}
