import type { z } from "zod";
import type { synthesizeConfigSchema } from "../data/config.ts";
import { loadLanguageDetector } from "../data/language.ts";
import { prepareConversations } from "../data/prepare.ts";
import { loadStoredConversations, loadStoredSeeds } from "../data/stored-inputs.ts";
import { synthesisStandIns } from "../data/synthesis-plan.ts";
import { type ProviderAccess, resolveRoleModels } from "../lm/model-roles.ts";
import { pricesWith } from "../lm/prices.ts";
import { loadTokenizer } from "../lm/tokens.ts";
import type { ArtifactStore } from "../ports/artifact-store.ts";
import { type BudgetFit, type BudgetPlan, planRunBudget, stageShares } from "./fit-budget.ts";
import { parseRunConfig } from "./run-config.ts";
import { type RunInput, runInputFormat } from "./run-input.ts";
import type { StageName } from "./stages.ts";

/**
 * A pipeline config as a remote caller sends it: `data.dataset` names an uploaded dataset
 * version: the conversations, or, with `data.synthesize`, the seed questions the run writes its
 * conversations from (`data.synthesize` as in a config file, without `seeds`).
 */
export interface StoredDataConfig {
  data: { dataset: string; synthesize?: Omit<SynthesizeConfigInput, "seeds"> };
  [section: string]: unknown;
}

type SynthesizeConfigInput = z.input<typeof synthesizeConfigSchema>;

/**
 * The input of a run started over HTTP: the config checked (every section, defaults filled),
 * its data read from the uploaded dataset (conversations, or with `data.synthesize` its seeds), the caps given, and each role's model resolved with
 * the providers this server can call (all simulated when it can call none).
 *
 * @example
 * const input = storedDataRunInput(config, { capUsd: 2 }, { keys: {} }); // input.simulatedFallback === true
 */
export function storedDataRunInput(
  config: StoredDataConfig,
  budget: { capUsd: number; maxCalls?: number; fitBudget?: boolean } | undefined,
  providers: ProviderAccess,
  options: { endAfter?: StageName } = {},
): RunInput {
  const { data, ...rest } = config;
  const stored = `dataset:${data.dataset}`;
  const dataSection = data.synthesize ? { synthesize: { ...data.synthesize, seeds: stored } } : { input: stored };
  const parsed = parseRunConfig({ ...rest, data: dataSection, ...(budget && { budget }) }, "the run config");
  const { models, simulatedFallback } = resolveRoleModels(parsed.models, providers);
  return {
    format: runInputFormat,
    config: parsed,
    configFile: null,
    models,
    simulatedFallback,
    force: false,
    replay: false,
    ...(options.endAfter !== undefined && { endAfter: options.endAfter }),
  };
}

/**
 * A run on an uploaded dataset against its caps (see planRunBudget): the datasets are
 * prepared (no LM call) and every stage's calls priced at the config's prices.
 *
 * @example
 * const { input: scaled, refusal } = await planStoredDataRun(input, artifacts, datasetId);
 */
export async function planStoredDataRun(
  input: RunInput,
  artifacts: ArtifactStore,
  datasetId: string,
): Promise<BudgetPlan> {
  const synthesize = input.config.data.synthesize;
  const { rows, source } =
    synthesize === undefined
      ? await loadStoredConversations(artifacts, datasetId)
      : {
          // Stand-ins as long as the longest allowed conversation: the estimate is an upper bound.
          rows: synthesisStandIns((await loadStoredSeeds(artifacts, datasetId)).seeds, synthesize),
          source: { format: "jsonl" as const, map: {} },
        };
  const prepared = prepareConversations(rows, input.config.prepare, { detector: await loadLanguageDetector(), source });
  await loadTokenizer();
  return planRunBudget({ input, datasets: prepared.datasets, prices: pricesWith(input.config.prices) });
}

/** What a remote caller is told of a run's upper bound before it starts. */
export interface StoredDataRunEstimate {
  calls: number;
  costUsd: number | null;
  unpricedModels: string[];
  /** Calls and dollars per stage, in stage order. */
  stages: { stage: string; calls: number; costUsd: number | null }[];
  /** What `budget.fitBudget` scaled to fit the cap. */
  budgetFit?: BudgetFit;
}

/**
 * The worst-case calls and dollars of a run whose data is an uploaded dataset, per stage and
 * in total; with `budget.fitBudget`, of the run scaled to fit its cap (when it can be).
 *
 * @example
 * const { calls, costUsd, stages } = await estimateStoredDataRun(input, artifacts, datasetId);
 */
export async function estimateStoredDataRun(
  input: RunInput,
  artifacts: ArtifactStore,
  datasetId: string,
): Promise<StoredDataRunEstimate> {
  const plan = await planStoredDataRun(input, artifacts, datasetId);
  const { calls, costUsd, unpricedModels } = plan.estimate.total;
  const stages = stageShares(plan.estimate).map((share) => ({ ...share, costUsd: share.costUsd ?? null }));
  return {
    calls,
    costUsd: costUsd ?? null,
    unpricedModels,
    stages,
    ...(plan.input.budgetFit && { budgetFit: plan.input.budgetFit }),
  };
}
