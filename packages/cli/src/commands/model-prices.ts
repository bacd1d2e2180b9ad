import {
  configuredRoleModels,
  defaultPricesCheckedOn,
  JudgeloopError,
  mergePrices,
  type PriceTable,
  priceRowOf,
  pricesWith,
  type RunConfig,
} from "@judgeloop/core";
import { priceOverridesFlag } from "../price-flag.ts";
import { loadRunConfig } from "./pipeline.ts";

/** Whether one model has a price, and which row of which table gives it. */
export interface ModelPriceCheck {
  model: string;
  /** `config`: a role model of the config (roles named); `listed`: served by a configured provider. */
  source: "config" | "listed";
  roles?: string[];
  priced: boolean;
  /** The table row that prices it: the model itself or the prefix it is a snapshot of. */
  row?: string;
  /** USD per million tokens. */
  input?: number;
  output?: number;
  cachedInput?: number;
  /** True for `sim/*` rows: nominal prices, nobody is billed. */
  simulated?: boolean;
}

/** The `prices` part of `models check`. */
export interface PriceReport {
  /** The day the built-in table was checked against the providers' pricing pages. */
  checkedOn: string;
  /** The config whose models and `prices` were read, or null when none was found. */
  config: string | null;
  /** The `--prices FILE` merged over it, or null. */
  pricesFile: string | null;
  models: ModelPriceCheck[];
}

/**
 * The price of every model a config uses and every listed model: the built-in table, the
 * config's `prices`, then `--prices FILE`. Without `--config` the default config is read if
 * one exists here; an explicit config or prices file that is bad fails with its reason.
 *
 * @example
 * const report = await priceReport({ config: "judgeloop.config.json" }, { openai: ["gpt-4o"] });
 */
export async function priceReport(
  flags: { config?: string; prices?: string },
  listed: Readonly<Record<string, readonly string[]>>,
): Promise<PriceReport> {
  const loaded = await configIfAny(flags.config);
  const base = loaded ? pricesWith(loaded.config.prices) : pricesWith({});
  const overrides = await priceOverridesFlag(flags.prices, base);
  const prices = overrides ? mergePrices(base, overrides) : base;
  const models: ModelPriceCheck[] = [];
  if (loaded) {
    for (const [model, roles] of rolesByModel(loaded.config)) models.push(check(model, prices, "config", roles));
  }
  for (const [provider, ids] of Object.entries(listed)) {
    for (const id of ids) models.push(check(`${provider}/${id}`, prices, "listed"));
  }
  return {
    checkedOn: defaultPricesCheckedOn,
    config: loaded?.configFile ?? null,
    pricesFile: flags.prices ?? null,
    models,
  };
}

async function configIfAny(file: string | undefined) {
  try {
    return await loadRunConfig(file);
  } catch (error) {
    // No config here and none asked for: report the listed models only.
    if (file === undefined && error instanceof JudgeloopError && error.code === "bad_input") return undefined;
    throw error;
  }
}

function rolesByModel(config: RunConfig): Map<string, string[]> {
  const byModel = new Map<string, string[]>();
  for (const [role, model] of Object.entries(configuredRoleModels(config.models))) {
    byModel.set(model, [...(byModel.get(model) ?? []), role]);
  }
  return byModel;
}

function check(model: string, prices: PriceTable, source: ModelPriceCheck["source"], roles?: string[]) {
  const row = priceRowOf(model, prices);
  const result: ModelPriceCheck = { model, source, ...(roles && { roles }), priced: row !== undefined };
  if (!row) return result;
  const { input, output, cachedInput, simulated } = row.price;
  return { ...result, row: row.key, input, output, cachedInput, ...(simulated && { simulated: true }) };
}

/**
 * The report as lines: each config model with its price or `NO PRICE`, and per provider how
 * many listed models have a price.
 *
 * @example
 * for (const line of priceLines(report)) info(line, false);
 */
export function priceLines(report: PriceReport): string[] {
  const where = report.config ? `models of ${report.config}` : "no config found";
  const lines = [`prices (built-in table checked ${report.checkedOn}); ${where}:`];
  for (const m of report.models.filter((c) => c.source === "config")) {
    lines.push(`  ${(m.roles ?? []).join(", ")}: ${m.model}: ${priceWords(m)}`);
  }
  const listed = report.models.filter((c) => c.source === "listed");
  for (const provider of new Set(listed.map((m) => m.model.split("/")[0]))) {
    const own = listed.filter((m) => m.model.startsWith(`${provider}/`));
    const unpriced = own.filter((m) => !m.priced).map((m) => m.model.slice(`${provider}/`.length));
    const some = unpriced.slice(0, 10).join(", ") + (unpriced.length > 10 ? ", …" : "");
    lines.push(
      `  ${provider}: ${own.length - unpriced.length} of ${own.length} listed models priced; no price: ${some}`,
    );
  }
  return lines;
}

function priceWords(m: ModelPriceCheck): string {
  if (!m.priced) return "NO PRICE (a run with a dollar budget stops; add it to `prices` or --prices FILE)";
  const via = m.row === m.model ? "" : ` via ${m.row}`;
  const nominal = m.simulated ? " (simulated, nominal)" : "";
  return `$${m.input} in / $${m.cachedInput} cached / $${m.output} out per 1M${via}${nominal}`;
}
