import { type ProviderName, providerKeyEnvVars } from "@judgeloop/core";
import { hasAnyProvider, providerEnv } from "@judgeloop/local";
import type { Command } from "commander";
import { info, printJson } from "../output.ts";
import { pricesOption } from "../price-flag.ts";
import { priceLines, priceReport } from "./model-prices.ts";

interface ProviderCheck {
  provider: ProviderName;
  variable: string;
  configured: boolean;
  /** The endpoint listed, when it is not the provider's own. */
  baseURL?: string;
  models?: string[];
  error?: string;
}

/**
 * `judgeloop models check`: lists the models of every provider that has a key (or, for OpenAI,
 * an `OPENAI_BASE_URL`), so a key or endpoint can be checked before a run; without keys it says
 * what it would check and how to enable each provider. It also says which models have a price:
 * the config's role models and every listed one, with the table row that prices each.
 *
 * @example
 * OPENAI_BASE_URL=http://127.0.0.1:8765/v1 judgeloop models check --json
 */
export function registerModels(program: Command): void {
  const models = program.command("models").description("provider models: check keys and list what they serve");
  const command = models
    .command("check")
    .description("list the models each configured provider serves and which models have a price")
    .option("--config <file>", "the run config whose models are priced (default: the pipeline's default config)");
  pricesOption(command)
    .option("--json", "print {providers, simulatorOnly, prices} as JSON on stdout")
    .action(async (flags: { json?: boolean; config?: string; prices?: string }) => {
      const env = providerEnv(process.env);
      const checks = await Promise.all(
        (Object.keys(providerKeyEnvVars) as ProviderName[]).map((provider) => check(provider, env)),
      );
      const listed = Object.fromEntries(checks.map((c) => [c.provider, c.models ?? []]));
      const prices = await priceReport(flags, listed);
      if (checks.some((c) => c.error !== undefined)) process.exitCode = 1;
      if (flags.json) return printJson({ providers: checks, simulatorOnly: !hasAnyProvider(env), prices });
      for (const c of checks) info(describe(c), false);
      if (!hasAnyProvider(env))
        info("No provider is configured: runs use the simulator (sim/*) for every model.", false);
      for (const line of priceLines(prices)) info(line, false);
    });
}

async function check(provider: ProviderName, env: ReturnType<typeof providerEnv>): Promise<ProviderCheck> {
  const variable = providerKeyEnvVars[provider];
  const baseURL = provider === "openai" ? env.openaiBaseURL : undefined;
  const apiKey = env.keys[provider] ?? (baseURL !== undefined ? "no-key" : undefined);
  const result: ProviderCheck = { provider, variable, configured: apiKey !== undefined, ...(baseURL && { baseURL }) };
  if (apiKey === undefined) return result;
  try {
    // The listings import every provider SDK: loaded only when this command runs.
    const { listModels } = await import("@judgeloop/core/providers");
    const listed = await listModels(provider, { apiKey, ...(baseURL !== undefined && { baseURL }), timeoutMs: 20_000 });
    return { ...result, models: listed.map((m) => m.id) };
  } catch (error) {
    return { ...result, error: error instanceof Error ? error.message : String(error) };
  }
}

function describe(c: ProviderCheck): string {
  if (!c.configured) return `${c.provider}: not configured; would list its models once ${c.variable} is set`;
  const where = c.baseURL ? ` at ${c.baseURL}` : "";
  if (c.error !== undefined) return `${c.provider}${where}: FAILED: ${c.error}`;
  const shown = (c.models ?? []).slice(0, 20).join(", ");
  const more = (c.models?.length ?? 0) > 20 ? `, … (${c.models?.length} in all)` : "";
  return `${c.provider}${where}: ok, ${c.models?.length ?? 0} models: ${shown}${more}`;
}
