import { LMError } from "./errors.ts";
import { outputAllowanceOf } from "./model-settings.ts";
import { type LM, type LMRequest, type LMResponse, wrapLM } from "./types.ts";

export interface TruncationRetryOptions {
  /** Output tokens asked for when a request sets none; default the model's (`outputAllowanceOf`). */
  defaultMaxTokens?: number;
  /** The most output tokens the model can produce; default the LM's `capabilities.maxOutputTokens`. */
  maxTokensCap?: number;
  /** Told about each truncated answer before its retry (or before giving up), e.g. to count them. */
  onTruncated?: (event: TruncationEvent) => void;
}

export interface TruncationEvent {
  model: string;
  maxTokens: number;
  /** The allowance of the retry; undefined when none is made (the cap allows no more). */
  retryMaxTokens?: number;
}

/**
 * Wraps `lm` so an answer cut off at the output allowance (LMError `truncated`) is asked for
 * once more with twice the allowance, capped by `maxTokensCap`. Requests without `maxTokens`
 * get the model's allowance first, so the doubling has a base. A second truncation, or a retry
 * the budget refuses, fails with the first `truncated` error: the example is reported truncated.
 *
 * Placed outside the budget layer: each attempt reserves its own worst case, so the retry is
 * within the budget or not made, and the truncated attempt's tokens are booked as spent.
 *
 * @example
 * const lm = withTruncationRetry(withBudget(provider, ledger, { runId }), { maxTokensCap: 100_000 });
 */
export function withTruncationRetry(lm: LM, options: TruncationRetryOptions = {}): LM {
  const cap = options.maxTokensCap ?? lm.capabilities.maxOutputTokens ?? Number.POSITIVE_INFINITY;
  const allowance = Math.min(options.defaultMaxTokens ?? outputAllowanceOf(lm.capabilities), cap);

  async function call(request: LMRequest): Promise<LMResponse> {
    const maxTokens = request.maxTokens ?? allowance;
    try {
      return await lm.call({ ...request, maxTokens });
    } catch (error) {
      if (!isTruncated(error)) throw error;
      const doubled = Math.min(maxTokens * 2, cap);
      const retryMaxTokens = doubled > maxTokens ? doubled : undefined;
      options.onTruncated?.({ model: lm.model, maxTokens, ...(retryMaxTokens && { retryMaxTokens }) });
      if (retryMaxTokens === undefined) throw withAdvice(error, `${maxTokens} output tokens, the model's most`);
      return await retry(request, retryMaxTokens, error);
    }
  }

  async function retry(request: LMRequest, maxTokens: number, truncated: LMError): Promise<LMResponse> {
    try {
      return await lm.call({ ...request, maxTokens });
    } catch (error) {
      if (isTruncated(error)) throw withAdvice(error, `${maxTokens} output tokens on the retry`);
      if (error instanceof LMError && error.kind === "budget_exceeded") {
        throw withAdvice(truncated, "the budget left no room for a retry with more");
      }
      throw error;
    }
  }

  return wrapLM(lm, call);
}

/** The truncated error again, saying how far it got and what to change. */
function withAdvice(error: LMError, reached: string): LMError {
  const message = `${error.message} (${reached}; raise the model's maxOutputTokens)`;
  return new LMError("truncated", message, {
    provider: error.provider,
    ...(error.model !== undefined && { model: error.model }),
    ...(error.usage !== undefined && { usage: error.usage }),
  });
}

function isTruncated(error: unknown): error is LMError {
  return error instanceof LMError && error.kind === "truncated";
}
