import { defaultPrices, type LM, type ModelSettingsMap, type PriceTable } from "@judgeloop/core";
import { createLMFactory, type ProviderEnv } from "../lm-factory.ts";
import { type LocalRuntime, openLocalRuntime } from "./local-runtime.ts";

export interface CommandLMOptions {
  home: string;
  env: ProviderEnv;
  /** Names the budget ledger's account for this command's calls. */
  runId: string;
  capUsd?: number;
  maxCalls?: number;
  limitRpm?: number;
  /** How long one call keeps retrying 429s (default 5 minutes). */
  rateLimitDeadlineMs?: number;
  replay?: boolean;
  prices?: PriceTable;
  /** Per-model settings (the CLI's --max-output-tokens and friends arrive as `*`). */
  models?: ModelSettingsMap;
}

export interface CommandLMs {
  lmFor: (model: string) => LM;
  runtime: LocalRuntime;
  prices: PriceTable;
  close(): void;
}

/**
 * The LMs of a one-off command (`evaluate`, `optimize`, `compare`): the same SQLite cache and
 * budget ledger as pipeline runs, so repeating a command repeats no paid call, and a dollar or
 * call cap is enforced before each call.
 *
 * @example
 * const lms = openCommandLMs({ home, env, runId: "evaluate-1", capUsd: 1 });
 * try { await evaluate(program, examples, metric, { lm: lms.lmFor(model) }); } finally { lms.close(); }
 */
export function openCommandLMs(options: CommandLMOptions): CommandLMs {
  const runtime = openLocalRuntime(options.home);
  const prices = options.prices ?? defaultPrices;
  const lmFor = createLMFactory({
    env: options.env,
    prices,
    cache: { store: runtime.stores.cache, mode: options.replay ? "replay" : "read-write" },
    budget: {
      ledger: runtime.stores.ledger,
      runId: options.runId,
      ...(options.capUsd !== undefined && { capUsd: options.capUsd }),
      ...(options.maxCalls !== undefined && { maxCalls: options.maxCalls }),
    },
    ...(options.limitRpm !== undefined && { limits: { rpm: options.limitRpm } }),
    ...(options.models !== undefined && { models: options.models }),
    ...(options.rateLimitDeadlineMs !== undefined && { rateLimitDeadlineMs: options.rateLimitDeadlineMs }),
  });
  return { lmFor, runtime, prices, close: () => runtime.close() };
}
