import { JudgeloopError } from "../errors.ts";
import { type LM, type LMRequest, type LMResponse, type Usage, wrapLM } from "./types.ts";

/**
 * What one model costs, in US dollars per million tokens. Prices are data, not code: callers
 * pass a table, and users override or extend it from their config.
 */
export interface ModelPrice {
  /** Uncached input (prompt) tokens. */
  input: number;
  /** Output tokens, reasoning tokens included. */
  output: number;
  /** Input tokens the provider served from its prompt cache. */
  cachedInput: number;
  /** Fraction taken off every rate by the provider's batch API (0.5 = half price). */
  batchDiscount: number;
  /** True for `sim/*`: a nominal price so budgets can be exercised offline. Nobody is billed. */
  simulated?: boolean;
}

/** Model id (or id prefix) → price. Keys are `provider/model`, like the LM model strings. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

const perMillion = 1_000_000;

const openai = (input: number, output: number, cachedInput: number): ModelPrice => ({
  input,
  output,
  cachedInput,
  batchDiscount: 0.5,
});
const anthropic = openai;
const gemini = openai;
const simulated = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cachedInput: input / 10,
  batchDiscount: 0.5,
  simulated: true,
});

/** The day the built-in table was last checked against the sources named on `defaultPrices`. */
export const defaultPricesCheckedOn = "2026-12-06";

/**
 * Public list prices, standard tier, short-context rates, USD per million tokens. Checked on
 * 2026-12-06 (defaultPricesCheckedOn) against stored copies of the providers' pages:
 *
 * - OpenAI: the model pages developers.openai.com/api/docs/models/<id> for gpt-6.2-sol,
 *   gpt-5.6-luna, gpt-5.4-nano and gpt-5-nano. gpt-6.1-sol, gpt-6.1-terra, gpt-6-sol, gpt-6-luna,
 *   gpt-5.4, gpt-5.4-mini, gpt-5.2 and gpt-5.1 come from copies of those pages and of
 *   developers.openai.com/api/docs/pricing (docs.litellm.ai release posts, benchlm.ai, the
 *   codexometer and PromptFuel release notes), which agree with each other. The gpt-5 / 4.1 / 4o /
 *   o3 / o4-mini rows were checked in 2026 against the pricing page and copies of it.
 * - Anthropic: platform.claude.com/docs/en/about-claude/pricing (Fable 5.1 and 5, Opus 5 to 4.5,
 *   Opus 4.1, Sonnet 4.6 / 4.5 / 4, Haiku 4.5 and 3.5) and the model pages
 *   platform.claude.com/docs/<locale>/models/<id> (Sonnet 5 and 5.5: $0.20 cache read as printed there;
 *   a cut to $0.10 on 2026-10-07 is reported only by third parties; Opus 5.5's $4 / $20). Opus
 *   5.5's $0.20 cache read is from third-party copies of the pricing page.
 * - Gemini: ai.google.dev/gemini-api/docs/pricing for the 2.5 family.
 *
 * Left out, so an unknown price stops a dollar budget instead of guessing: Gemini 3.x (no stored
 * copy of the pricing page lists them whole; one lists a dated promotional Flash rate), Claude
 * Haiku 5.5 (priced in prompt-length bands this table cannot express), GPT-6 Astra, the
 * gpt-5.6 Sol/Terra rows (changed twice in 2026) and every -pro variant.
 *
 * Not modelled: long-context surcharges (OpenAI above 272k, Gemini 2.5 Pro and older Claude
 * Sonnet above 200k prompt tokens), cache-write premiums, regional and priority uplifts.
 * `cachedInput` is the cache-read rate. The `sim/*` rows are simulated, nominal prices chosen so
 * a budget of a few cents is exhausted by a few hundred simulated calls; `sim/` covers every
 * simulated model without its own row. Prices change: users override them (`prices` in the
 * config, `--prices FILE` on the command line).
 */
export const defaultPrices: PriceTable = {
  "openai/gpt-6.2-sol": openai(2, 10, 0.1),
  "openai/gpt-6.1-sol": openai(2, 10, 0.1),
  "openai/gpt-6.1-terra": openai(1, 5, 0.05),
  "openai/gpt-6-sol": openai(2, 10, 0.2),
  "openai/gpt-6-luna": openai(0.1, 0.5, 0.01),
  "openai/gpt-5.6-luna": openai(0.2, 1.2, 0.02),
  "openai/gpt-5.4": openai(2.5, 15, 0.25),
  "openai/gpt-5.4-mini": openai(0.75, 4.5, 0.075),
  "openai/gpt-5.4-nano": openai(0.2, 1.25, 0.02),
  "openai/gpt-5.2": openai(1.75, 14, 0.175),
  "openai/gpt-5.1": openai(1.25, 10, 0.125),
  "openai/gpt-5": openai(1.25, 10, 0.125),
  "openai/gpt-5-mini": openai(0.25, 2, 0.025),
  "openai/gpt-5-nano": openai(0.05, 0.4, 0.005),
  "openai/gpt-4.1": openai(2, 8, 0.5),
  "openai/gpt-4.1-mini": openai(0.4, 1.6, 0.1),
  "openai/gpt-4.1-nano": openai(0.1, 0.4, 0.025),
  "openai/gpt-4o": openai(2.5, 10, 1.25),
  "openai/gpt-4o-mini": openai(0.15, 0.6, 0.075),
  "openai/o3": openai(2, 8, 0.5),
  "openai/o4-mini": openai(1.1, 4.4, 0.275),
  "anthropic/claude-fable-5-1": anthropic(10, 50, 0.25),
  "anthropic/claude-fable-5": anthropic(10, 50, 1),
  "anthropic/claude-opus-5-5": anthropic(4, 20, 0.2),
  "anthropic/claude-opus-5": anthropic(5, 25, 0.5),
  "anthropic/claude-opus-4-8": anthropic(5, 25, 0.5),
  "anthropic/claude-opus-4-7": anthropic(5, 25, 0.5),
  "anthropic/claude-opus-4-6": anthropic(5, 25, 0.5),
  "anthropic/claude-opus-4-5": anthropic(5, 25, 0.5),
  "anthropic/claude-opus-4-1": anthropic(15, 75, 1.5),
  "anthropic/claude-sonnet-5-5": anthropic(2, 10, 0.2),
  "anthropic/claude-sonnet-5": anthropic(2, 10, 0.2),
  "anthropic/claude-sonnet-4-6": anthropic(3, 15, 0.3),
  "anthropic/claude-sonnet-4-5": anthropic(3, 15, 0.3),
  "anthropic/claude-sonnet-4": anthropic(3, 15, 0.3),
  "anthropic/claude-haiku-4-5": anthropic(1, 5, 0.1),
  "anthropic/claude-3-5-haiku": anthropic(0.8, 4, 0.08),
  "gemini/gemini-2.5-flash-lite": gemini(0.1, 0.4, 0.01),
  "gemini/gemini-2.5-flash": gemini(0.3, 2.5, 0.03),
  "gemini/gemini-2.5-pro": gemini(1.25, 10, 0.125),
  "sim/": simulated(1, 4),
  "sim/weak": simulated(0.15, 0.6),
  "sim/strong": simulated(2.5, 10),
};

/**
 * The price of `model`: the exact id first, else the longest known prefix followed only by a
 * snapshot suffix (a date, `-latest`, `-preview…`, `-exp…`, a version tag), so dated snapshots
 * such as `openai/gpt-4o-mini-2024-07-18` find `openai/gpt-4o-mini`. A key ending in `/` prices
 * every model under it. A different variant (`gpt-5-pro` next to `gpt-5`) does not inherit a
 * price, because guessing a cheaper sibling's price would let a budget under-reserve.
 * Undefined when nothing matches.
 *
 * @example
 * priceOf("anthropic/claude-haiku-4-5-20251001")?.input; // 1
 */
export function priceOf(model: string, prices: PriceTable = defaultPrices): ModelPrice | undefined {
  return priceRowOf(model, prices)?.price;
}

/** The table row a model's price comes from. */
export interface PriceRow {
  /** The row's key: the model itself, or the prefix it is a snapshot of. */
  key: string;
  price: ModelPrice;
}

/**
 * Like priceOf, and also says which row matched, e.g. to show that `openai/gpt-4o-2024-08-06`
 * is priced by the `openai/gpt-4o` row.
 *
 * @example
 * priceRowOf("openai/gpt-4o-2024-08-06")?.key; // "openai/gpt-4o"
 */
export function priceRowOf(model: string, prices: PriceTable = defaultPrices): PriceRow | undefined {
  const exact = prices[model];
  if (exact) return { key: model, price: exact };
  let best: string | undefined;
  for (const key of Object.keys(prices)) {
    if (isSnapshotOf(key, model) && (best === undefined || key.length > best.length)) best = key;
  }
  const price = best === undefined ? undefined : prices[best];
  return best === undefined || price === undefined ? undefined : { key: best, price };
}

const snapshotSuffix = /^[-@:](?:\d{4}-?\d{2}-?\d{2}|\d{3,4}|latest|v\d+(?:[.:]\d+)*|(?:preview|exp)(?:-[\w.-]+)?)$/;

/** A simulated model's `~world` suffix picks a simulated world, not another model: same price. */
const simWorldSuffix = /^~[\w-]+$/;

function isSnapshotOf(key: string, model: string): boolean {
  if (!model.startsWith(key) || key.length >= model.length) return false;
  const rest = model.slice(key.length);
  return key.endsWith("/") || snapshotSuffix.test(rest) || (key.startsWith("sim/") && simWorldSuffix.test(rest));
}

/**
 * Dollars a call with this usage cost, or undefined when the model's price is unknown.
 * Usage follows the OpenAI convention: `inputTokens` includes `cachedInputTokens`, and
 * `outputTokens` includes `reasoningTokens`.
 *
 * @example
 * costOf("openai/gpt-4o-mini", { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 0, reasoningTokens: 0 });
 * // 0.00021
 */
export function costOf(
  model: string,
  usage: Usage,
  prices: PriceTable = defaultPrices,
  options: { batch?: boolean } = {},
): number | undefined {
  const price = priceOf(model, prices);
  if (!price) return undefined;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const dollars =
    ((usage.inputTokens - cached) * price.input + cached * price.cachedInput + usage.outputTokens * price.output) /
    perMillion;
  return options.batch ? dollars * (1 - price.batchDiscount) : dollars;
}

/**
 * Wraps `lm` so each response's `costUsd` comes from the price table (0 when cached, left as the
 * inner LM reported it when the price is unknown). `withBudget` does this itself; this is for
 * LMs that run without a ledger.
 *
 * @example
 * const lm = withCost(provider, defaultPrices);
 * (await lm.call(request)).costUsd; // dollars at list price
 */
export function withCost(lm: LM, prices: PriceTable = defaultPrices): LM {
  async function call(request: LMRequest): Promise<LMResponse> {
    const response = await lm.call(request);
    const costUsd = response.cached ? 0 : costOf(lm.model, response.usage, prices);
    return costUsd === undefined ? response : { ...response, costUsd };
  }
  return wrapLM(lm, call);
}

/**
 * A new table with `overrides` merged over `base`: a partial row updates a known model's
 * fields; a new model needs at least `input` and `output`. Bad values throw `bad_price`.
 *
 * @example
 * const prices = mergePrices(defaultPrices, { "openai/my-finetune": { input: 0.3, output: 1.2 } });
 */
export function mergePrices(base: PriceTable, overrides: Readonly<Record<string, Partial<ModelPrice>>>): PriceTable {
  const merged: Record<string, ModelPrice> = { ...base };
  for (const [model, override] of Object.entries(overrides)) {
    const known = base[model];
    const input = override.input ?? known?.input;
    const output = override.output ?? known?.output;
    if (input === undefined || output === undefined) {
      const missing = input === undefined ? "input" : "output";
      throw new JudgeloopError("bad_price", `price for ${model}: \`${missing}\` is required for a new model`);
    }
    const row: ModelPrice = {
      input,
      output,
      cachedInput: override.cachedInput ?? known?.cachedInput ?? input,
      batchDiscount: override.batchDiscount ?? known?.batchDiscount ?? 0,
    };
    const simulatedFlag = override.simulated ?? known?.simulated;
    if (simulatedFlag !== undefined) row.simulated = simulatedFlag;
    checkPrice(model, row);
    merged[model] = row;
  }
  return merged;
}

function checkPrice(model: string, price: ModelPrice): void {
  for (const field of ["input", "output", "cachedInput", "batchDiscount"] as const) {
    const value = price[field];
    if (!Number.isFinite(value) || value < 0) {
      throw new JudgeloopError("bad_price", `price for ${model}: \`${field}\` must be a number ≥ 0, got ${value}`);
    }
  }
  if (price.batchDiscount > 1) {
    throw new JudgeloopError("bad_price", `price for ${model}: \`batchDiscount\` is a fraction in [0, 1]`);
  }
}

/**
 * The built-in price table with a config's overrides merged in.
 *
 * @example
 * pricesWith({ "openai/my-finetune": { input: 0.3, output: 1.2 } });
 */
export function pricesWith(overrides: Record<string, Record<string, number | undefined>>): PriceTable {
  const clean = Object.fromEntries(
    Object.entries(overrides).map(([model, row]) => [
      model,
      Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined)),
    ]),
  );
  return mergePrices(defaultPrices, clean);
}
