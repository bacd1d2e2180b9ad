import {
  type BudgetPlan,
  estimateRun,
  loadLanguageDetector,
  loadTokenizer,
  type PreparedDatasets,
  planRunBudget,
  prepareConversations,
  pricesWith,
  type RunConfig,
  type RunEstimate,
  type RunInput,
  synthesisStandIns,
} from "@judgeloop/core";
import { localRunServices, readSeedFile } from "./run-services.ts";

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
  const datasets = await preparedDatasets(args.input);
  return estimateRun({ input: args.input, datasets, prices: pricesWith(args.config.prices) });
}

/**
 * The run's upper bound against its caps, before anything is stored or called: the input to
 * run (scaled to fit with `budget.fitBudget`) or a refusal (see planRunBudget).
 *
 * @example
 * const plan = await planPipelineBudget(input);
 * if (plan.refusal) throw new BudgetRefusedError(plan.refusal);
 */
export async function planPipelineBudget(input: RunInput): Promise<BudgetPlan> {
  const datasets = await preparedDatasets(input);
  return planRunBudget({ input, datasets, prices: pricesWith(input.config.prices) });
}

async function preparedDatasets(input: RunInput): Promise<PreparedDatasets> {
  const services = localRunServices({ runDir: "", optimize: async () => Promise.reject(new Error("no optimization")) });
  const synthesize = input.config.data.synthesize;
  const { rows, source } =
    synthesize === undefined
      ? await services.loadConversations(input)
      : {
          rows: synthesisStandIns((await readSeedFile(input)).seeds, synthesize),
          source: { format: "jsonl" as const, map: {} },
        };
  const prepared = prepareConversations(rows, input.config.prepare, { detector: await loadLanguageDetector(), source });
  await loadTokenizer();
  return prepared.datasets;
}
