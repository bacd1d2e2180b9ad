import {
  costOf,
  executeRun,
  JudgeloopError,
  type LM,
  pipelineInputOf,
  pricesWith,
  type RunEventSink,
  type RunStatus,
  type StageName,
  type StageRound,
  wrapLM,
} from "@judgeloop/core";
import type { FunctionDeps } from "../compose.ts";
import { roundWaitSeconds } from "../optimizer/round-wait.ts";
import { awsRunServices } from "./aws-run-services.ts";

/** What the pipeline state machine's Choice reads after each pass. */
export interface PipelinePass {
  runId: string;
  status: RunStatus;
  /** Set while a stage waits for its optimization: the optimize run (and execution) to run next. */
  waitingFor?: { stage: StageName; runId: string };
  /** Set while a stage pass's jobs wait for the workers: the round the machine dispatches next, and its wait. */
  jobs?: StageRound & { dispatchWaitSeconds: number };
}

export type PipelineDeps = Pick<
  FunctionDeps,
  "runStore" | "artifacts" | "lmFor" | "cache" | "prepareModels" | "now" | "logger" | "queueBacklog" | "roundWait"
>;

/**
 * One pass of a pipeline run on AWS: the run engine goes through the stages from where the run
 * stands (finished stages are skipped, a stage's finished passes are collected from their
 * stored job results) until the run ends, a stage pass plans jobs for the SQS workers, or a
 * stage hands its optimization to an optimize run. This function only plans and collects: its
 * LMs refuse every call (the workers make them, priced and reserved against the run's caps).
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
    lmFor: (model) => refusingCalls(deps.lmFor(model, { runId, budget, cache: deps.cache, prices })),
    costOf: (model, usage) => costOf(model, usage, prices) ?? null,
    services: awsRunServices(deps, run),
    now: () => deps.now().toISOString(),
    onEvent: logStages(deps.logger, runId),
  });
  const jobs = outcome.jobs && {
    ...outcome.jobs,
    dispatchWaitSeconds: await roundWaitSeconds(deps, outcome.jobs.jobCount),
  };
  return {
    runId,
    status: outcome.status,
    ...(outcome.waitingFor && { waitingFor: outcome.waitingFor }),
    ...(jobs && { jobs }),
  };
}

/** An LM with `lm`'s identity whose calls fail: stages bind programs to it, only workers call. */
function refusingCalls(lm: LM): LM {
  return wrapLM(lm, async () => {
    throw new JudgeloopError("lm_call_in_run_stages", `RunStages makes no LM calls (${lm.model}); jobs do`);
  });
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
