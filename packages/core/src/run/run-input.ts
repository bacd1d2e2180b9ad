import type { BudgetFit } from "./fit-budget.ts";
import type { RunConfig } from "./run-config.ts";
import type { StageName } from "./stages.ts";

/**
 * The format tag of a pipeline run's stored input.
 *
 * @example
 * const input: RunInput = { format: runInputFormat, config, configFile, models, simulatedFallback, force, replay };
 */
export const runInputFormat = "judgeloop.run-input/1";

/** The `provider/model` of every role a pipeline run uses. */
export interface RunModels {
  generator: string;
  judge: string;
  gold: string;
  proposer: string;
}

/**
 * What a pipeline run was started with, stored in its RunRecord so `resume` can rebuild
 * everything from the run id alone.
 */
export interface RunInput {
  format: typeof runInputFormat;
  config: RunConfig;
  /** The config file's path, for messages and for files named relative to it; null for an inline config. */
  configFile: string | null;
  /** The resolved models (after the no-keys simulator fallback). */
  models: RunModels;
  /** True when the simulator stands in for every model because no provider key was set. */
  simulatedFallback: boolean;
  /** `--force`: a judge that fails the gate still serves as the metric (recorded in the report). */
  force: boolean;
  /** `--replay`: answers only from the cache, no model call at all. */
  replay: boolean;
  /** Set when `budget.fitBudget` scaled the config's sizes to fit the cap (`config` holds the scaled ones). */
  budgetFit?: BudgetFit;
  /**
   * A run that ends after this stage (`POST /v1/synthesize` ends after `prepare`): the later
   * stages are skipped, the estimate counts only the stages up to it, and the run's result is
   * that stage's output.
   */
  endAfter?: StageName;
}

/**
 * True when every model of the run is simulated.
 *
 * @example
 * isSimulatedRun({ generator: "sim/generator", judge: "sim/judge", gold: "sim/gold", proposer: "sim/strong" }); // true
 */
export function isSimulatedRun(models: RunModels): boolean {
  return Object.values(models).every((model) => model.startsWith("sim/"));
}
