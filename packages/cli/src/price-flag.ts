import { readFile } from "node:fs/promises";
import { JudgeloopError, type PriceOverrides, type PriceTable, parsePriceFile } from "@judgeloop/core";
import type { Command } from "commander";

/**
 * Adds `--prices FILE` to a command.
 *
 * @example
 * pricesOption(program.command("evaluate"));
 */
export function pricesOption(command: Command): Command {
  return command.option(
    "--prices <file>",
    "price overrides, JSON: provider/model → {input, output, cachedInput, batchDiscount} in USD per 1M tokens",
  );
}

/**
 * The overrides of a `--prices FILE`, checked against `base`; undefined without the flag.
 *
 * @example
 * const overrides = await priceOverridesFlag(flags.prices, defaultPrices);
 */
export async function priceOverridesFlag(
  file: string | undefined,
  base: PriceTable,
): Promise<PriceOverrides | undefined> {
  if (file === undefined) return undefined;
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    throw new JudgeloopError("bad_prices", `cannot read prices file ${file}`, { cause: error });
  });
  return parsePriceFile(text, file, base);
}

/** The `--prices FILE` flag's value. */
export interface PriceFlags {
  prices?: string;
}
