import {
  costOf,
  executeRun,
  JudgeloopError,
  pipelineInputOf,
  pricesWith,
  type RunEventSink,
  type RunStatus,
  type StageName,
} from "@judgeloop/core";
import type { FunctionDeps } from "../compose.ts";
import { awsRunServices } from "./aws-run-services.ts";

/** What the pipeline state machine's Choice reads after each pass. */
export interface PipelinePass {
  runId: string;
  status: RunStatus;
  /** Set while a stage waits for its optimization: the optimize run (and execution) to run next. */
  waitingFor?: { stage: StageName; runId: string };
}

export type PipelineDeps = Pick<
  FunctionDeps,
  "runStore" | "artifacts" | "lmFor" | "cache" | "prepareModels" | "now" | "logger"
>;

/**
 * One pass of a pipeline run on AWS: the run engine goes through the stages from where the run
 * stands (finished stages are skipped, a stage that ran before answers its repeated calls from
 * the cache) until the run ends or a stage hands its optimization to an optimize run. Every LM
 * call is priced at the config's prices and reserved against the run's caps in DynamoDB.
 *
 * @example
 * const pass = await advancePipeline(composeDeps(), "run-1"); // pass.waitingFor?.runId
 */
export async function advancePipeline(deps: PipelineDeps, runId: string): Promise<PipelinePass> {
  const run = await deps.runStore.getRun(runId);
  if (run === null) throw new JudgeloopError("run_not_found", `no run ${runId}`);
  const input = pipelineInputOf(run);
  await deps.prepareModels(Object.values(input.models));
  const prices = pricesWith(input.config.prices);
  const { capUsd, maxCalls } = input.config.budget;
  const budget = {
    ...(capUsd !== undefined && { capUsd }),
    ...(maxCalls !== undefined && { maxCalls }),
  };
  const outcome = await executeRun(runId, {
    runs: deps.runStore,
    artifacts: deps.artifacts,
    lmFor: (model) => deps.lmFor(model, { runId, budget, cache: deps.cache, prices }),
    costOf: (model, usage) => costOf(model, usage, prices) ?? null,
    services: awsRunServices(deps, run),
    now: () => deps.now().toISOString(),
    onEvent: logStages(deps.logger, runId),
  });
  return { runId, status: outcome.status, ...(outcome.waitingFor && { waitingFor: outcome.waitingFor }) };
}

/** Stage starts and ends in the function's log: names, statuses and timings, never prompts. */
function logStages(logger: PipelineDeps["logger"], runId: string): RunEventSink {
  return (event) => {
    if (event.type === "stage-start") logger.info("stage started", { runId, stage: event.stage });
    if (event.type === "stage-end") {
      logger.info("stage ended", { runId, stage: event.stage, status: event.status, ms: event.ms });
    }
  };
}
