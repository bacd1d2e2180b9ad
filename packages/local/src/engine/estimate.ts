import {
  estimateRun,
  loadLanguageDetector,
  loadTokenizer,
  prepareConversations,
  pricesWith,
  type RunConfig,
  type RunEstimate,
  type RunInput,
} from "@judgeloop/core";
import { localRunServices } from "./run-services.ts";

/**
 * `--estimate`: prepares the datasets (no LM call) and plans the run's calls, tokens and
 * dollars per stage, at the config's prices.
 *
 * @example
 * const estimate = await estimatePipeline({ config, configFile, input });
 */
export async function estimatePipeline(args: {
  config: RunConfig;
  configFile: string | null;
  input: RunInput;
}): Promise<RunEstimate> {
  const services = localRunServices({ runDir: "", optimize: async () => Promise.reject(new Error("no optimization")) });
  const { rows, source } = await services.loadConversations(args.input);
  const prepared = prepareConversations(rows, args.config.prepare, { detector: await loadLanguageDetector(), source });
  await loadTokenizer();
  return estimateRun({ input: args.input, datasets: prepared.datasets, prices: pricesWith(args.config.prices) });
}
