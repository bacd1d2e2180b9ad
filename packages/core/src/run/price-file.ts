import { JudgeloopError } from "../errors.ts";
import { type ModelPrice, mergePrices, type PriceTable } from "../lm/prices.ts";
import { issueLines, priceOverridesSchema } from "./run-config.ts";

/** Price overrides by `provider/model`, as a config's `prices` section holds them. */
export type PriceOverrides = Record<string, Partial<ModelPrice>>;

/**
 * The overrides in the text of a `--prices FILE` (JSON: `provider/model` → `{input, output,
 * cachedInput?, batchDiscount?}`, USD per million tokens), checked to merge over `base`. Bad
 * JSON, a bad model name, an unknown field, a negative rate or a new model without
 * `input`/`output` throws `bad_prices`, naming the file, the key and the reason.
 *
 * @example
 * const overrides = parsePriceFile('{"openai/ft-1": {"input": 0.3, "output": 1.2}}', "prices.json", defaultPrices);
 */
export function parsePriceFile(text: string, file: string, base: PriceTable): PriceOverrides {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : "unreadable";
    throw new JudgeloopError("bad_prices", `bad prices file ${file}: not valid JSON (${reason})`, { cause: error });
  }
  const parsed = priceOverridesSchema.safeParse(value);
  if (!parsed.success) {
    throw new JudgeloopError("bad_prices", `bad prices file ${file}: ${issueLines(parsed.error.issues).join("; ")}`);
  }
  try {
    mergePrices(base, parsed.data);
  } catch (error) {
    if (!(error instanceof JudgeloopError)) throw error;
    throw new JudgeloopError("bad_prices", `bad prices file ${file}: ${error.message}`, { cause: error });
  }
  return parsed.data;
}

/**
 * `base` with a `--prices FILE`'s overrides merged in (see parsePriceFile for its errors).
 *
 * @example
 * const prices = pricesFromFile(await readFile("prices.json", "utf8"), "prices.json", defaultPrices);
 */
export function pricesFromFile(text: string, file: string, base: PriceTable): PriceTable {
  return mergePrices(base, parsePriceFile(text, file, base));
}
