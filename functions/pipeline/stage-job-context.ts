import {
  type ArtifactStore,
  type CacheStore,
  JudgeloopError,
  type LM,
  loadStagePass,
  pipelineInputOf,
  pricesWith,
  type RunStore,
  type StagePass,
  withRunMeter,
} from "@judgeloop/core";
import type { RunLMFactory } from "../optimizer/job-context.ts";

/** What a worker runs a pipeline run's stage jobs with. */
export interface StageJobContext {
  /** The run's LMs: priced at its config's prices, budgeted against its caps, metered on it, cached. */
  lmFor(model: string): LM;
  /** A stored stage pass (its program and options), read once per container. */
  pass(key: string): Promise<StagePass>;
}

/**
 * The context of a pipeline run's stage jobs, from its record: the same LMs RunStages built for
 * the stage before its calls moved to the workers (the DynamoDB cache and the run's one ledger).
 *
 * @example
 * const context = await stageJobContextOf({ artifacts, runStore, lmFor, cache }, "run-1");
 * await runStageJob(job, await context.pass(job.passKey), context.lmFor);
 */
export async function stageJobContextOf(
  deps: {
    artifacts: ArtifactStore;
    runStore: RunStore;
    lmFor: RunLMFactory;
    cache?: CacheStore;
    prepareModels?: (models: readonly string[]) => Promise<void>;
  },
  runId: string,
): Promise<StageJobContext> {
  const run = await deps.runStore.getRun(runId);
  if (run === null) throw new JudgeloopError("run_not_found", `no run ${runId}`);
  const input = pipelineInputOf(run);
  await deps.prepareModels?.(Object.values(input.models));
  const prices = pricesWith(input.config.prices);
  const { capUsd, maxCalls } = input.config.budget;
  const budget = { ...(capUsd !== undefined && { capUsd }), ...(maxCalls !== undefined && { maxCalls }) };
  const lms = new Map<string, LM>();
  const passes = new Map<string, Promise<StagePass>>();
  return {
    lmFor(model) {
      const lm =
        lms.get(model) ??
        withRunMeter(
          deps.lmFor(model, { runId, budget, prices, ...(deps.cache && { cache: deps.cache }) }),
          deps.runStore,
          runId,
        );
      lms.set(model, lm);
      return lm;
    },
    pass(key) {
      const pass = passes.get(key) ?? loadStagePass(deps.artifacts, key);
      passes.set(key, pass);
      pass.catch(() => passes.delete(key));
      return pass;
    },
  };
}
